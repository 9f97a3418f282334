"""The counter app put together: configuration, client, flows, the teller's window and the customer screen."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from PySide6.QtWidgets import QApplication, QMessageBox

from client import BranchQClient
from counter_app.config import CounterConfig, CustomerScreenMode
from counter_app.flows import CounterDesk, CustomerScreen, FloorView
from counter_app.ui.customer_window import CustomerWindow
from counter_app.ui.desk_window import DeskWindow
from counter_app.ui.style import stylesheet
from qtkit import Colours, Language, Translations, missing_cjk_font_message

__all__ = ["CounterApp", "build_counter"]


@dataclass
class CounterApp:
    """The running counter app's parts (kept together so they live as long as the windows)."""

    config: CounterConfig
    client: BranchQClient
    translations: Translations
    desk: CounterDesk
    floor: FloorView
    customer: CustomerScreen
    window: DeskWindow
    customer_window: CustomerWindow | None

    def switch_language(self) -> None:
        self.translations.toggle()
        english = self.translations.language is Language.EN
        self.client.language = self.translations.language.http_tag
        self.window.english = english
        if self.customer_window is not None:
            self.customer_window.english = english
        self.window.retranslate()

    def stop(self) -> None:
        self.floor.stop()
        self.desk.qt.tasks.wait_for_done(5_000)
        self.translations.uninstall()
        self.client.close()


def build_counter(config: CounterConfig, client: BranchQClient | None = None) -> CounterApp:
    """Everything but the event loop; needs a QApplication."""
    translations = Translations("counter", config.language)
    client = client or BranchQClient(config.server_url, language=config.language.http_tag)
    desk = CounterDesk(client)
    floor = FloorView(desk)
    customer = CustomerScreen(desk)
    english = config.language is Language.EN
    window = DeskWindow(desk, floor, Colours.load(), config.branch, config.counter_number, english=english)
    customer_window = None
    if config.customer_screen is not CustomerScreenMode.NONE:
        customer_window = CustomerWindow(customer, english=english)
    app = CounterApp(config, client, translations, desk, floor, customer, window, customer_window)
    window.language_toggled.connect(app.switch_language)
    return app


def run(config: CounterConfig) -> int:
    application = QApplication.instance() or QApplication(sys.argv[:1])
    application.setApplicationName("BranchQ counter")
    problem = missing_cjk_font_message()
    if problem is not None:
        print(problem, file=sys.stderr)
        QMessageBox.critical(None, "BranchQ", problem)
        return 3
    application.setStyleSheet(stylesheet(Colours.load()))
    counter = build_counter(config)
    counter.window.show()
    if counter.customer_window is not None:
        screens = application.screens()
        if config.customer_screen is CustomerScreenMode.SECOND and len(screens) > 1:
            counter.customer_window.setScreen(screens[1])
            counter.customer_window.move(screens[1].geometry().topLeft())
            counter.customer_window.showFullScreen()
        else:
            counter.customer_window.show()
    try:
        return application.exec()
    finally:
        counter.stop()
