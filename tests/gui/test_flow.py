"""The wrapping row of controls: one line when there is room, more lines (never a scroll bar) when not."""

from PySide6.QtWidgets import QPushButton, QWidget

from explainer.gui.widgets.flow import FlowLayout


def make_row(qtbot, n=3):
    box = QWidget()
    qtbot.addWidget(box)
    flow = FlowLayout(box, spacing=10, line_spacing=4)
    buttons = [QPushButton(f"button number {i}") for i in range(n)]
    for b in buttons:
        b.setFixedSize(100, 30)
        flow.addWidget(b)
    return box, flow, buttons


def test_a_wide_row_is_one_line_and_a_narrow_one_wraps_in_order(qtbot):
    box, flow, buttons = make_row(qtbot)
    assert flow.sizeHint().width() == 3 * 100 + 2 * 10 and flow.sizeHint().height() == 30
    assert flow.minimumSize().width() == 100  # one button per line at the worst
    assert flow.heightForWidth(320) == 30
    assert flow.heightForWidth(215) == 30 + 4 + 30  # two fit, the third goes to the next line
    assert flow.heightForWidth(100) == 3 * 30 + 2 * 4
    box.resize(215, 100)
    box.show()
    qtbot.waitExposed(box)
    flow.setGeometry(box.rect())
    xs = [(b.geometry().x(), b.geometry().y()) for b in buttons]
    assert xs == [(0, 0), (110, 0), (0, 34)]
    assert flow.minimumSize().height() == 64  # the wrapped height is the minimum: a squeezed panel scrolls


def test_the_next_token_controls_fit_a_narrow_dock_on_two_lines(qtbot, tiny_model):
    from explainer.gui.panels.next_token import NextTokenPanel
    from explainer.gui.state import AppState

    state = AppState()
    panel = NextTokenPanel(state)
    qtbot.addWidget(panel)
    state.set_model(tiny_model)
    one_line = panel.controls_box.layout().sizeHint().width()
    assert panel.controls_box.minimumSizeHint().width() < one_line  # the dock may be narrower than one line


def test_an_adaptive_splitter_stacks_its_parts_in_a_narrow_dock(qtbot):
    """The training panel's plot got 170 px beside its form in a 600-px dock (legend cut, axis numbers run
    together): below its width threshold the splitter puts the second part under the first."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from explainer.gui.widgets.adaptive_split import AdaptiveSplitter

    split = AdaptiveSplitter(880, shares=(0.4, 0.5))
    split.addWidget(QLabel("form"))
    split.addWidget(QLabel("plot"))
    qtbot.addWidget(split)
    split.resize(1000, 500)
    split.show()
    qtbot.waitUntil(lambda: split.orientation() == Qt.Horizontal)
    split.resize(600, 700)
    qtbot.waitUntil(lambda: split.orientation() == Qt.Vertical)
    first, second = split.sizes()
    assert abs(first - second) <= 0.1 * (first + second)  # the vertical share: half each
    assert split.widget(1).width() >= 590  # the plot gets the whole width
    split.resize(1000, 500)
    qtbot.waitUntil(lambda: split.orientation() == Qt.Horizontal)


def test_an_adaptive_splitter_side_by_side_asks_no_more_width_than_stacked(qtbot):
    """Drawn wide once, the Why panel's splitter asked for its chart's and its list's widths together (572 px
    instead of 371): a lesson step then stacked two panels that fit side by side on a 1366-px projector. Side
    by side it asks only what it needs stacked, since it stacks when given less."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    from explainer.gui.widgets.adaptive_split import AdaptiveSplitter

    split = AdaptiveSplitter(700)
    parts = [QWidget(), QWidget()]
    parts[0].setMinimumWidth(300)
    parts[1].setMinimumWidth(250)
    for part in parts:
        split.addWidget(part)
    qtbot.addWidget(split)
    split.resize(1000, 500)
    split.show()
    qtbot.waitUntil(lambda: split.orientation() == Qt.Horizontal)
    assert split.minimumSizeHint().width() == 300
    split.resize(600, 700)
    qtbot.waitUntil(lambda: split.orientation() == Qt.Vertical)
    assert split.minimumSizeHint().width() == 300  # stacked: the wider part
    assert split.widget(0).width() >= 300 and split.widget(1).width() >= 300


def test_an_adaptive_splitter_keeps_its_share_until_the_handle_is_dragged(qtbot):
    """The training form got a third of a 1920-px dock (its choices read "nano: 2 lagen × 2 heads, bree…"):
    the share was applied only when the orientation changed, and the stretch factors decided before that.
    It now holds at every size, until someone drags the handle."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    from explainer.gui.widgets.adaptive_split import AdaptiveSplitter

    split = AdaptiveSplitter(500, shares=(0.5, 0.5))
    for _ in range(2):
        split.addWidget(QWidget())
    split.setStretchFactor(1, 2)
    qtbot.addWidget(split)
    split.resize(900, 400)
    split.show()
    qtbot.waitExposed(split)
    for width in (900, 1300, 700):
        split.resize(width, 400)
        qtbot.waitUntil(lambda: split.width() == width)
        first, second = split.sizes()
        assert split.orientation() == Qt.Horizontal and abs(first - second) <= 0.04 * width, (width, first, second)
    split.setSizes([200, 500])
    split.splitterMoved.emit(200, 1)  # as a drag does
    split.resize(800, 400)
    qtbot.waitUntil(lambda: split.width() == 800)
    first, second = split.sizes()
    assert first < 0.4 * (first + second)  # the dragged sizes are kept (stretched), not the share
