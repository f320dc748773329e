// Baseline for bench_setup_start: a bare QWizard with one empty page, quitting on its first paint.
#include <QApplication>
#include <QWizard>
#include <QWizardPage>

namespace {
class QuitOnPaint : public QObject
{
public:
    using QObject::QObject;
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            QMetaObject::invokeMethod(qApp, &QCoreApplication::quit, Qt::QueuedConnection);
        return QObject::eventFilter(watched, event);
    }
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
