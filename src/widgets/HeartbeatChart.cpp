#include "HeartbeatChart.h"
#include "StatusColors.h"

#include <QPainter>

namespace hotelhub::widgets {

HeartbeatChart::HeartbeatChart(QWidget *parent) : QWidget(parent)
{
    setMinimumHeight(60);
}

void HeartbeatChart::setHistory(const QList<HeartbeatHistoryEntry> &history)
{
    m_history = history;
    int ok = 0;
    for (const HeartbeatHistoryEntry &e : history)
        ok += e.success ? 1 : 0;
    setToolTip(tr("%1 of the last %2 heartbeats succeeded").arg(ok).arg(history.size()));
    update();
}

void HeartbeatChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    if (m_history.isEmpty()) {
        p.drawText(rect(), Qt::AlignCenter, tr("No heartbeats yet"));
        return;
    }
    const int n = 30;
    const qreal w = qreal(width()) / n;
    const QColor base = palette().color(QPalette::Base);
    const Rgb background{base.red(), base.green(), base.blue()}; // the bars keep their contrast on a dark theme
    for (int i = 0; i < m_history.size(); ++i) {
        const HeartbeatHistoryEntry &e = m_history[i];
        const int slot = n - int(m_history.size()) + i;
        const QRectF bar(slot * w + 1, e.success ? 4 : height() / 2.0, w - 2, e.success ? height() - 8 : height() / 2.0 - 4);
        const Rgb c = toneColor(e.success ? Tone::Ok : Tone::Error, background);
        p.fillRect(bar, QColor(c.r, c.g, c.b));
    }
}

} // namespace hotelhub::widgets
