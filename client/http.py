"""`BranchQClient`: the apps' one way to call the server's HTTP API (no Qt here; apps wrap it in a thin
adapter that runs calls off the UI thread and delivers results by signal).

One keep-alive `requests.Session` per client; every request says the user's language (`Accept-Language`),
so the server's error `detail` comes back in it. The client logs in with a device or staff account and
keeps the bearer token to itself; when a call answers 401 (the token expired, say) it logs in again once
with the same credentials and repeats the call. A login that failed because the server was away is
retried by the next call.

Create requests (issuing a ticket, checking in) carry an `Idempotency-Key`; after a timeout or a broken
connection they are sent again with the SAME key, and the server answers the retry with the ticket the
first attempt made (if it made one) instead of making a second. Other calls are not repeated: calling the
next customer twice is not the same as calling once.

Failures are `client.errors`: `ApiError` (the server said no, with its code), `ServerUnreachable` /
`RequestTimedOut` (no answer), `UnexpectedAnswer` (not the server's answer).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from client.errors import ApiError, ClientError, RequestTimedOut, ServerUnreachable, UnexpectedAnswer
from client.messages import DEFAULT_LANGUAGE
from client.results import (
    BranchServices,
    CounterState,
    FaceMatch,
    LoginInfo,
    Ticket,
    TicketStatus,
    freeze,
    parse,
)

__all__ = ["IDEMPOTENCY_HEADER", "BranchQClient", "new_idempotency_key"]

T = TypeVar("T")
IDEMPOTENCY_HEADER = "Idempotency-Key"
IN_PROGRESS = "idempotency.in_progress"
"""The server's code for a retry that arrived while the first copy is still being answered."""
API_PREFIX = "/api/v1"
DEFAULT_TIMEOUT = (3.05, 10.0)
"""(connect, read) seconds: a kiosk would rather retry than stare at a spinner."""


def new_idempotency_key() -> str:
    """A fresh key for one create request (32 hex characters); retries of that request reuse it."""
    return uuid.uuid4().hex


def _segment(value: str | int) -> str:
    """A path segment, quoted so that a code can never reach another route."""
    return quote(str(value), safe="")


class BranchQClient:
    """HTTP client of one app for one server.

    Attributes:
        base_url: the server's address, e.g. `http://127.0.0.1:8000`.
        language: `zh-CN` (default) or `en`; sent as Accept-Language with every request.
        timeout: seconds, or (connect, read) seconds, for each attempt.
        create_attempts: how many times a create request is sent (same key) before giving up.
        login_info: who the client is logged in as, or None.
    """

    def __init__(
        self, base_url: str, language: str = DEFAULT_LANGUAGE, timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
        *, create_attempts: int = 3, retry_delay_s: float = 0.2,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.create_attempts = max(1, create_attempts)
        self.retry_delay_s = retry_delay_s
        self.login_info: LoginInfo | None = None
        self._http = requests.Session()
        # a refused connection never reached the server: safe to try once more, whatever the method
        retry = Retry(total=None, connect=1, read=0, status=0, other=0, redirect=0, raise_on_status=False)
        self._http.mount("http://", HTTPAdapter(max_retries=retry, pool_maxsize=8))
        self._http.mount("https://", HTTPAdapter(max_retries=retry, pool_maxsize=8))
        self._auth_lock = threading.Lock()
        self._credentials: tuple[str, str] | None = None
        self._token: str | None = None
        self.language = language

    # -- session ---------------------------------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return f"{self.base_url}{API_PREFIX}"

    @property
    def language(self) -> str:
        return self._http.headers["Accept-Language"]  # type: ignore[return-value]

    @language.setter
    def language(self, language: str) -> None:
        self._http.headers["Accept-Language"] = language

    @property
    def logged_in(self) -> bool:
        return self._token is not None

    def login(self, username: str, password: str) -> LoginInfo:
        """Log in with a device or staff account. The credentials are kept (in memory) to log in again when
        the token expires, or when this login fails because the server is away."""
        with self._auth_lock:
            self._credentials = (username, password)
            return self._login_locked()

    def logout(self) -> None:
        """Forget the token and the credentials (bearer tokens simply stop being sent)."""
        with self._auth_lock:
            self._credentials = None
            self._token = None
            self.login_info = None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> BranchQClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _login_locked(self) -> LoginInfo:
        assert self._credentials is not None
        username, password = self._credentials
        answer = self._send("POST", "/auth/login", json={"username": username, "password": password}, token=None)
        token = answer.get("access_token") if isinstance(answer, Mapping) else None
        if not isinstance(token, str):
            raise UnexpectedAnswer(200, "login answer without an access token")
        self._token = token
        self.login_info = parse(LoginInfo, answer)
        return self.login_info

    def _current_token(self) -> str | None:
        with self._auth_lock:
            if self._token is None and self._credentials is not None:
                self._login_locked()
            return self._token

    def _relogin(self, stale: str | None) -> bool:
        """Log in again unless another thread already has (its token differs from the stale one)."""
        with self._auth_lock:
            if self._credentials is None:
                return False
            if self._token is None or self._token == stale:
                self._token = None
                self._login_locked()
            return True

    # -- the generic core ------------------------------------------------------------------------------

    def request(
        self, method: str, path: str, *, json: Any = None, params: Mapping[str, Any] | None = None,
        auth: bool = True, headers: Mapping[str, str] | None = None,
    ) -> Any:
        """One call to `path` (under /api/v1): the answer's JSON (frozen), None for 204. With `auth`, the
        bearer token goes along, and a 401 leads to one new login and one repeat of the call."""
        token = self._current_token() if auth else None
        try:
            return self._send(method, path, json=json, params=params, token=token, headers=headers)
        except ApiError as error:
            if error.status != 401 or not auth or not self._relogin(token):
                raise
        return self._send(method, path, json=json, params=params, token=self._token, headers=headers)

    def get(self, path: str, *, params: Mapping[str, Any] | None = None, auth: bool = True) -> Any:
        return self.request("GET", path, params=params, auth=auth)

    def post(self, path: str, json: Any = None, *, auth: bool = True) -> Any:
        return self.request("POST", path, json=json, auth=auth)

    def create(self, path: str, json: Any, *, idempotency_key: str | None = None, auth: bool = True) -> Any:
        """POST a create request with an idempotency key; resent with the same key after a timeout or a
        broken connection (up to `create_attempts` sends, a short growing pause between them)."""
        key = idempotency_key or new_idempotency_key()
        headers = {IDEMPOTENCY_HEADER: key}
        for attempt in range(1, self.create_attempts + 1):
            try:
                return self.request("POST", path, json=json, auth=auth, headers=headers)
            except (ServerUnreachable, ApiError) as error:
                if attempt == self.create_attempts or not _worth_resending(error):
                    raise
            time.sleep(self.retry_delay_s * 2 ** (attempt - 1))  # back off before resending (worker thread)
        raise AssertionError("unreachable")  # pragma: no cover

    def _send(
        self, method: str, path: str, *, json: Any = None, params: Mapping[str, Any] | None = None,
        token: str | None, headers: Mapping[str, str] | None = None,
    ) -> Any:
        url = f"{self.api_url}{path}"
        sent_headers = dict(headers or {})
        if token is not None:
            sent_headers["Authorization"] = f"Bearer {token}"
        try:
            response = self._http.request(
                method, url, json=json, params=params, headers=sent_headers, timeout=self.timeout
            )
        except requests.Timeout as error:
            raise RequestTimedOut(url, str(error)) from error
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as error:
            raise ServerUnreachable(url, str(error)) from error
        except requests.RequestException as error:
            raise ServerUnreachable(url, str(error)) from error
        return _answer(response)

    # -- kiosk -----------------------------------------------------------------------------------------

    def health(self) -> Mapping[str, Any]:
        return self.get("/health", auth=False)

    def services(self, branch: str) -> BranchServices:
        """The branch, its hours and its services with queue and estimated wait (public)."""
        return BranchServices.from_json(self.get(f"/branches/{_segment(branch)}/services", auth=False))

    def issue_ticket(
        self, branch: str, service: str, *, channel: str = "kiosk", priority: str | None = None,
        idempotency_key: str | None = None,
    ) -> Ticket:
        """Take a ticket for `service` (the kiosk channel by default); safe to retry (idempotency key)."""
        body: dict[str, Any] = {"service": service, "channel": channel}
        if priority is not None:
            body["priority"] = priority
        return Ticket.from_json(self.create(f"/branches/{_segment(branch)}/tickets", body,
                                            idempotency_key=idempotency_key))

    def check_in(
        self, branch: str, appointment_code: str, *, channel: str = "appointment", idempotency_key: str | None = None,
    ) -> Ticket:
        """Check an appointment in by its typed code or the signed code read from its QR code: the ticket
        it gets (the server's rules decide early, on time, late)."""
        body = {"appointment": appointment_code, "channel": channel}
        return Ticket.from_json(self.create(f"/branches/{_segment(branch)}/tickets", body,
                                            idempotency_key=idempotency_key))

    def check_in_remote(self, branch: str, reference: str, *, idempotency_key: str | None = None) -> Ticket:
        """A customer who joined the queue from their phone arrived: check the ticket in by the scanned code of
        its status page or its typed number. From now on it may be called, in the place it kept."""
        return Ticket.from_json(self.create(f"/branches/{_segment(branch)}/remote-queue/check-in",
                                            {"ticket": reference}, idempotency_key=idempotency_key))

    def ticket_status(self, token: str) -> TicketStatus:
        """A ticket's live status by its token or the signed code of its QR code (public)."""
        return TicketStatus.from_json(self.get(f"/tickets/{_segment(token)}", auth=False))

    def identify_face(self, branch: str, encoding: Sequence[float]) -> FaceMatch:
        """Who this face encoding belongs to, among consenting customers with an appointment due now."""
        body = {"encoding": [float(value) for value in encoding]}
        return FaceMatch.from_json(self.post(f"/branches/{_segment(branch)}/faces/identify", body))

    def live_queue(self, branch: str) -> Mapping[str, Any]:
        """The live floor (`as_of_seq`, counters, waiting tickets) in the caller's view, as frozen JSON."""
        return self.get(f"/branches/{_segment(branch)}/queue")

    def events_ticket(self, branch: str) -> str:
        """A single-use ticket (valid 30 s) to open the branch's event stream (see `client.events`)."""
        answer = self.post(f"/branches/{_segment(branch)}/events/ticket")
        if not isinstance(answer, Mapping) or not isinstance(answer.get("ticket"), str):
            raise UnexpectedAnswer(200, "event ticket answer without a ticket")
        return answer["ticket"]

    # -- counter ---------------------------------------------------------------------------------------

    def _counter(self, counter_id: int, action: str) -> CounterState:
        return parse(CounterState, self.post(f"/counters/{int(counter_id)}/{action}"))

    def _ticket(self, ticket_id: int, action: str, body: Mapping[str, Any] | None = None) -> Ticket:
        return Ticket.from_json(self.post(f"/tickets/{int(ticket_id)}/{action}", body))

    def open_counter(self, counter_id: int) -> CounterState:
        return self._counter(counter_id, "open")

    def close_counter(self, counter_id: int) -> CounterState:
        return self._counter(counter_id, "close")

    def pause_counter(self, counter_id: int, reason: str | None = None) -> CounterState:
        """Pause the idle counter; `reason`: break, lunch or back_office (kept for the statistics)."""
        body = {"reason": reason} if reason else None
        return parse(CounterState, self.post(f"/counters/{int(counter_id)}/pause", body))

    def counter_status(self, counter_id: int) -> Mapping[str, Any]:
        """The counter as the server has it: `state`, `state_since`, `pause_reason`, `holder`, `max_recalls`,
        `allow_call_specific` and `ticket` (the staff view of its called or served ticket, or None)."""
        return self._mapping(self.get(f"/counters/{int(counter_id)}"))

    def staff_ticket(self, ticket_id: int) -> Ticket:
        return Ticket.from_json(self.get(f"/tickets/{int(ticket_id)}/staff"))

    def me(self) -> Mapping[str, Any]:
        """Who this client is logged in as: `account_id`, `username`, `display_name`, `role`, `branch_codes`."""
        return self._mapping(self.get("/auth/me"))

    def my_day(self) -> Mapping[str, Any]:
        """The staff member's own figures today: `served`, `mean_service_s`, `ratings`, `outcomes`, `pauses`."""
        return self._mapping(self.get("/auth/me/day"))

    def rating_reasons(self) -> Mapping[str, Any]:
        return self._mapping(self.get("/feedback/reasons", auth=False))

    def rate_at_counter(
        self, ticket_id: int, score: int, reasons: Sequence[str] = (), comment: str = ""
    ) -> Mapping[str, Any]:
        """The customer's rating from the counter's customer screen, through this (the teller's) session."""
        body = {"score": score, "reasons": list(reasons), "comment": comment}
        return self._mapping(self.post(f"/tickets/{int(ticket_id)}/rating", body))

    def call_chosen(self, counter_id: int, ticket_id: int, reason: str) -> Ticket:
        """Call this waiting ticket out of turn (where the branch allows it); `reason` is recorded."""
        return Ticket.from_json(self.post(f"/counters/{int(counter_id)}/call/{int(ticket_id)}", {"reason": reason}))

    @staticmethod
    def _mapping(answer: Any) -> Mapping[str, Any]:
        if not isinstance(answer, Mapping):
            raise UnexpectedAnswer(200, "answer is not an object")
        return answer

    def resume_counter(self, counter_id: int) -> CounterState:
        return self._counter(counter_id, "resume")

    def call_next(self, counter_id: int) -> Ticket | None:
        """The ticket called to this counter, or None when nobody it serves is waiting."""
        answer = self.post(f"/counters/{int(counter_id)}/call-next")
        return None if answer is None else Ticket.from_json(answer)

    def recall(self, ticket_id: int) -> Ticket:
        return self._ticket(ticket_id, "recall")

    def start_service(self, ticket_id: int) -> Ticket:
        return self._ticket(ticket_id, "start")

    def finish(self, ticket_id: int, outcome: str | None = None) -> Ticket:
        """Finish the service; `outcome`: done (the default), referred or needs_follow_up."""
        return self._ticket(ticket_id, "finish", {"outcome": outcome} if outcome else None)

    def no_show(self, ticket_id: int) -> Ticket:
        return self._ticket(ticket_id, "no-show")

    def transfer(
        self, ticket_id: int, *, service: str | None = None, counter_id: int | None = None, note: str | None = None,
    ) -> Ticket:
        """Send the ticket to another service and/or counter (it keeps its arrival time)."""
        body = {key: value for key, value in (("service", service), ("counter_id", counter_id), ("note", note))
                if value is not None}
        return self._ticket(ticket_id, "transfer", body)


def _worth_resending(error: ClientError) -> bool:
    """No answer, or the server still answering the first copy of the request (`idempotency.in_progress`)."""
    return isinstance(error, ServerUnreachable) or (
        isinstance(error, ApiError) and error.code == IN_PROGRESS
    )


def _answer(response: requests.Response) -> Any:
    """The JSON of a 2xx answer (None for 204); an `ApiError` for the server's error shape; otherwise
    `UnexpectedAnswer`."""
    if response.status_code == 204:
        return None
    try:
        body = response.json()
    except ValueError:
        raise UnexpectedAnswer(response.status_code, response.text[:200]) from None
    if response.ok:
        return freeze(body)
    if isinstance(body, Mapping) and isinstance(body.get("code"), str):
        detail = body.get("detail")
        params = body.get("params")
        raise ApiError(
            response.status_code, body["code"], detail if isinstance(detail, str) else body["code"],
            body.get("field") if isinstance(body.get("field"), str) else None,
            params if isinstance(params, Mapping) else None, _retry_after(response),
        )
    raise UnexpectedAnswer(response.status_code, response.text[:200])


def _retry_after(response: requests.Response) -> int | None:
    value = response.headers.get("Retry-After", "")
    return int(value) if value.isdigit() else None
