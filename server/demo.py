"""The demo branches: a Chinese retail branch with six services, six counters and its accounts, and a
second, smaller one (`demo2`) with accounts of its own, so one branch's accounts can be tried at another.

Used by `branchq-server --demo`, the tests and the benchmarks. Both branches' doors are open around the
clock, every day, no holidays, so everything works at any hour; a test about closing configures its own
hours. Seeding is idempotent: existing branches and accounts are left as they are (passwords and hours
included); only what is missing is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from server.db.engine import Database
from server.db.models import Branch, Counter, CounterSkill, Device, Service, ServiceCategory, Staff, StaffBranch
from server.domain.enums import Role
from server.services.auth import hash_password

DEMO_BRANCH = "demo"


@dataclass(frozen=True)
class DemoCategory:
    code: str
    name_zh: str
    name_en: str
    services: tuple[str, ...]


DEMO_CATEGORIES = (
    DemoCategory("cash", "现金业务", "Cash", ("cash", "fx")),
    DemoCategory("accounts", "账户与卡", "Accounts & cards", ("account",)),
    DemoCategory("wealth", "理财与贷款", "Wealth & loans", ("wealth", "loans")),
    DemoCategory("corporate", "对公业务", "Business banking", ("corporate",)),
)
"""The kiosk's menu groups, in display order."""


@dataclass(frozen=True)
class DemoService:
    code: str
    name_zh: str
    name_en: str
    prefix: str
    target_wait_min: int
    expected_service_min: float
    documents_zh: tuple[str, ...]
    documents_en: tuple[str, ...]


DEMO_SERVICES = (
    DemoService("cash", "现金业务", "Cash services", "A", 10, 4.0,
                ("身份证", "银行卡或存折"), ("ID card", "Bank card or passbook")),
    DemoService("account", "开户业务", "Account opening", "B", 15, 12.0,
                ("身份证", "本人手机", "工作或居住证明"), ("ID card", "Your mobile phone", "Proof of work or residence")),
    DemoService("wealth", "理财业务", "Wealth management", "C", 20, 15.0,
                ("身份证", "银行卡", "风险评估问卷（如已填写）"), ("ID card", "Bank card", "Risk questionnaire (if done)")),
    DemoService("loans", "贷款业务", "Loans", "D", 20, 25.0,
                ("身份证", "收入证明", "房产或抵押材料"), ("ID card", "Proof of income", "Property or collateral papers")),
    DemoService("corporate", "对公业务", "Corporate banking", "E", 20, 15.0,
                ("营业执照", "公章", "法人身份证", "授权委托书"),
                ("Business licence", "Company seal", "Legal representative's ID", "Letter of authorisation")),
    DemoService("fx", "外汇业务", "Foreign exchange", "F", 15, 8.0,
                ("身份证或护照", "银行卡"), ("ID card or passport", "Bank card")),
)

DemoCounter = tuple[int, str, tuple[str, str], tuple[str, ...]]
"""Number, name, zone (zh-CN, English), services most preferred first."""

DEMO_COUNTERS: tuple[DemoCounter, ...] = (
    (1, "1号窗口", ("一楼 A 区", "Floor 1, Zone A"), ("cash", "fx")),
    (2, "2号窗口", ("一楼 A 区", "Floor 1, Zone A"), ("cash", "account")),
    (3, "3号窗口", ("一楼 A 区", "Floor 1, Zone A"), ("account", "cash", "fx")),
    (4, "4号窗口", ("一楼 B 区", "Floor 1, Zone B"), ("wealth", "account")),
    (5, "5号窗口", ("二楼贵宾区", "Floor 2, VIP area"), ("loans", "wealth")),
    (6, "6号窗口", ("一楼 C 区", "Floor 1, Zone C"), ("corporate", "cash")),
)

DEMO_STAFF: tuple[tuple[str, Role, str], ...] = (
    ("admin", Role.ADMIN, "系统管理员"),
    ("manager", Role.MANAGER, "网点经理"),
    *((f"teller{n}", Role.TELLER, f"柜员{n}") for n in range(1, 7)),
    ("lobby", Role.LOBBY, "大堂经理"),
)
DEMO_DEVICES: tuple[tuple[str, Role, str], ...] = (
    ("kiosk-1", Role.KIOSK, "大堂取号机"),
    ("display-1", Role.DISPLAY, "等候区显示屏"),
)

SECOND_BRANCH = "demo2"
"""A second, smaller branch with accounts of its own: what one branch's accounts may not touch at another."""
SECOND_COUNTERS: tuple[DemoCounter, ...] = (
    (1, "1号窗口", ("一楼", "Floor 1"), ("cash", "account")),
    (2, "2号窗口", ("一楼", "Floor 1"), ("cash", "fx")),
)
SECOND_STAFF: tuple[tuple[str, Role, str], ...] = (
    ("demo2-admin", Role.ADMIN, "二号网点系统管理员"),
    ("demo2-manager", Role.MANAGER, "二号网点经理"),
    ("demo2-teller1", Role.TELLER, "二号网点柜员1"),
    ("demo2-teller2", Role.TELLER, "二号网点柜员2"),
    ("demo2-lobby", Role.LOBBY, "二号网点大堂经理"),
)
SECOND_DEVICES: tuple[tuple[str, Role, str], ...] = (
    ("demo2-kiosk-1", Role.KIOSK, "二号网点取号机"),
    ("demo2-display-1", Role.DISPLAY, "二号网点显示屏"),
)


@dataclass(frozen=True)
class DemoBranch:
    code: str
    name_zh: str
    name_en: str
    counters: tuple[DemoCounter, ...]
    staff: tuple[tuple[str, Role, str], ...]
    devices: tuple[tuple[str, Role, str], ...]
    explicit_counter_ids: bool


DEMO_BRANCHES = (
    DemoBranch(DEMO_BRANCH, "演示银行 城东支行", "Demo Bank, East City Branch", DEMO_COUNTERS, DEMO_STAFF,
               DEMO_DEVICES, explicit_counter_ids=True),
    DemoBranch(SECOND_BRANCH, "演示银行 城西支行", "Demo Bank, West City Branch", SECOND_COUNTERS, SECOND_STAFF,
               SECOND_DEVICES, explicit_counter_ids=False),
)


def seed_demo(db: Database, password: str) -> bool:
    """Create the demo branches and accounts that are missing; False when everything exists already.

    Idempotent: existing branches and accounts are left as they are (passwords included), so an older demo
    database gains `demo2` and the lobby manager and nothing else changes."""
    hashed = _PasswordOnce(password)
    created = False
    for spec in DEMO_BRANCHES:
        with db.write() as session:
            branch = session.scalars(select(Branch).where(Branch.code == spec.code)).first()
            if branch is None:
                branch = _seed_branch(session, spec)
                created = True
            created = _add_missing_accounts(session, spec, branch, hashed) or created
            if session.get_bind().dialect.name == "postgresql":
                # counter ids may be given explicitly (they match the numbers); move the sequence past them
                session.execute(
                    text("SELECT setval(pg_get_serial_sequence('counters', 'id'), (SELECT max(id) FROM counters))")
                )
    return created


class _PasswordOnce:
    """The demo password's hash, computed on first need only (hashing is deliberately slow)."""

    def __init__(self, password: str) -> None:
        self.password = password
        self._hash: str | None = None

    def __call__(self) -> str:
        if self._hash is None:
            self._hash = hash_password(self.password)
        return self._hash


def _seed_branch(session: Session, spec: DemoBranch) -> Branch:
    branch = Branch(
        code=spec.code,
        name_zh=spec.name_zh,
        name_en=spec.name_en,
        time_zone="Asia/Shanghai",
        opens_at=time(0, 0),
        closes_at=time(0, 0),
        weekly_hours=[["00:00-24:00"]] * 7,  # open around the clock: the demo works at any hour
        calling_policy="branchq",
        wait_predictor="branchq",
        max_recalls=2,
        missed_call_return_min=30,
        missed_call_requeue_places=3,
        event_seq=0,
    )
    session.add(branch)
    session.flush()
    rows = [
        ServiceCategory(branch_id=branch.id, code=category.code, name_zh=category.name_zh,
                        name_en=category.name_en, sort_order=order)
        for order, category in enumerate(DEMO_CATEGORIES)
    ]
    session.add_all(rows)
    category_of = {code: row for row, spec_ in zip(rows, DEMO_CATEGORIES, strict=True) for code in spec_.services}
    services = {service.code: _service(branch.id, service) for service in DEMO_SERVICES}
    for code, service in services.items():
        service.category = category_of.get(code)
    session.add_all(services.values())
    session.flush()
    for number, name, (zone_zh, zone_en), skills in spec.counters:
        counter = Counter(branch_id=branch.id, number=number, name=name, zone_zh=zone_zh, zone_en=zone_en)
        if spec.explicit_counter_ids:
            counter.id = number
        counter.skills = [CounterSkill(service_id=services[code].id, rank=rank) for rank, code in enumerate(skills)]
        session.add(counter)
    session.flush()
    return branch


def _add_missing_accounts(session: Session, spec: DemoBranch, branch: Branch, hashed: _PasswordOnce) -> bool:
    """The branch's demo accounts that do not exist yet (by username); True when any was added."""
    taken = set(session.scalars(select(Staff.username))) | set(session.scalars(select(Device.username)))
    added = False
    for username, role, display_name in spec.staff:
        if username not in taken:
            staff = Staff(username=username, role=role, display_name=display_name, password_hash=hashed())
            staff.branch_links = [StaffBranch(branch_id=branch.id)]
            session.add(staff)
            added = True
    for username, role, description in spec.devices:
        if username not in taken:
            session.add(
                Device(username=username, role=role, branch_id=branch.id, description=description,
                       password_hash=hashed())
            )
            added = True
    session.flush()
    return added


def _service(branch_id: int, spec: DemoService) -> Service:
    return Service(
        branch_id=branch_id,
        code=spec.code,
        name_zh=spec.name_zh,
        name_en=spec.name_en,
        prefix=spec.prefix,
        target_wait_min=spec.target_wait_min,
        expected_service_min=spec.expected_service_min,
        documents_zh=list(spec.documents_zh),
        documents_en=list(spec.documents_en),
    )
