"""The demo branch: a Chinese retail branch with six services, six counters and its accounts.

Used by `branchq-server --demo`, the tests and the benchmarks. Its doors are open around the clock, every
day, no holidays, so all of them work at any hour; a test about closing configures its own hours.
Seeding is idempotent: an existing demo branch is
left as it is (passwords included).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from sqlalchemy import select, text

from server.db.engine import Database
from server.db.models import Branch, Counter, CounterSkill, Device, Service, Staff, StaffBranch
from server.domain.enums import Role
from server.services.auth import hash_password

DEMO_BRANCH = "demo"


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

DEMO_COUNTERS: tuple[tuple[int, str, str, tuple[str, ...]], ...] = (
    (1, "1号窗口", "一楼 A 区 / Floor 1, Zone A", ("cash", "fx")),
    (2, "2号窗口", "一楼 A 区 / Floor 1, Zone A", ("cash", "account")),
    (3, "3号窗口", "一楼 A 区 / Floor 1, Zone A", ("account", "cash", "fx")),
    (4, "4号窗口", "一楼 B 区 / Floor 1, Zone B", ("wealth", "account")),
    (5, "5号窗口", "二楼贵宾区 / Floor 2, VIP area", ("loans", "wealth")),
    (6, "6号窗口", "一楼 C 区 / Floor 1, Zone C", ("corporate", "cash")),
)

DEMO_STAFF: tuple[tuple[str, Role, str], ...] = (
    ("admin", Role.ADMIN, "系统管理员"),
    ("manager", Role.MANAGER, "网点经理"),
    *((f"teller{n}", Role.TELLER, f"柜员{n}") for n in range(1, 7)),
)
DEMO_DEVICES: tuple[tuple[str, Role, str], ...] = (
    ("kiosk-1", Role.KIOSK, "大堂取号机"),
    ("display-1", Role.DISPLAY, "等候区显示屏"),
)


def seed_demo(db: Database, password: str) -> bool:
    """Create the demo branch with its accounts; False when it already exists."""
    with db.write() as session:
        if session.scalars(select(Branch).where(Branch.code == DEMO_BRANCH)).first() is not None:
            return False
        branch = Branch(
            code=DEMO_BRANCH,
            name_zh="演示银行 城东支行",
            name_en="Demo Bank, East City Branch",
            time_zone="Asia/Shanghai",
            opens_at=time(0, 0),
            closes_at=time(0, 0),
            weekly_hours=[["00:00-24:00"]] * 7,  # open around the clock: the demo works at any hour
            calling_policy="branchq",
            wait_predictor="branchq",
            max_recalls=2,
            event_seq=0,
        )
        session.add(branch)
        session.flush()
        services = {spec.code: _service(branch.id, spec) for spec in DEMO_SERVICES}
        session.add_all(services.values())
        session.flush()
        for number, name, zone, skills in DEMO_COUNTERS:
            counter = Counter(id=number, branch_id=branch.id, number=number, name=name, zone=zone)
            counter.skills = [CounterSkill(service_id=services[code].id, rank=rank) for rank, code in enumerate(skills)]
            session.add(counter)
        password_hash = hash_password(password)
        for username, role, display_name in DEMO_STAFF:
            staff = Staff(username=username, role=role, display_name=display_name, password_hash=password_hash)
            staff.branch_links = [StaffBranch(branch_id=branch.id)]
            session.add(staff)
        for username, role, description in DEMO_DEVICES:
            session.add(
                Device(username=username, role=role, branch_id=branch.id, description=description,
                       password_hash=password_hash)
            )
        session.flush()
        if session.get_bind().dialect.name == "postgresql":
            # counter ids were given explicitly (they match the numbers); move the sequence past them
            session.execute(text("SELECT setval(pg_get_serial_sequence('counters', 'id'), (SELECT max(id) FROM counters))"))
    return True


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
