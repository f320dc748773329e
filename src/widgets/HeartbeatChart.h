// The last 30 heartbeats as bars: green success, red failure, oldest left.
#pragma once

#include "LicenseManager.h"

#include <QWidget>

namespace hotelhub::widgets {

class HeartbeatChart : public QWidget
{
    Q_OBJECT
public:
    explicit HeartbeatChart(QWidget *parent = nullptr);
    void setHistory(const QList<HeartbeatHistoryEntry> &history);
    QSize sizeHint() const override { return {420, 80}; }
    int bars() const { return int(m_history.size()); }

protected:
    void paintEvent(QPaintEvent *) override;

private:
    QList<HeartbeatHistoryEntry> m_history;
};

} // namespace hotelhub::widgets
