// Baseline for bench_setup_start: a bare QWizard with one empty page, quitting on its first paint.
#include <QApplication>
#include <QDeadlineTimer>
#include <QWizard>
#include <QWizardPage>
#include <cstdio>

namespace {
class QuitOnPaint : public QObject
{
public:
    using QObject::QObject;
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_painted) {
            // The moment of the first paint on the monotonic clock, for the benchmark, which
            // measures from the start to it (the process's own end comes after).
            m_painted = true;
            std::printf("painted %lld\n", static_cast<long long>(QDeadlineTimer::current(Qt::PreciseTimer).deadlineNSecs()));
            std::fflush(stdout);
            QMetaObject::invokeMethod(qApp, &QCoreApplication::quit, Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_painted = false;
};
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QWizard wizard;
    auto *page = new QWizardPage;
    wizard.addPage(page);
    page->installEventFilter(new QuitOnPaint(&wizard));
    wizard.show();
    return app.exec();
}
