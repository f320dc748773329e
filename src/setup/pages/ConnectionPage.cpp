#include "ConnectionPage.h"
#include "PageWidgets.h"
#include "StatusColors.h"
#include "SupportContact.h"

#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>

namespace hotelhub::setup {

ConnectionPage::ConnectionPage(SetupContext &ctx) : SetupPage(ctx, ConnectionId)
{
}

void ConnectionPage::build()
{
    auto *grid = new QGridLayout(this);
    m_intro = wrapping(this);
    grid->addWidget(m_intro, 0, 0, 1, 3);
    int r = 1;
    for (const QString &id : ConnectionChecker::ids()) {
        Row row;
        row.mark = new QLabel(this);
        row.mark->setMinimumWidth(row.mark->fontMetrics().horizontalAdvance(QStringLiteral("✓✓")));
        row.title = new QLabel(this);
        row.title->setStyleSheet(QStringLiteral("font-weight: bold;"));
        row.detail = wrapping(this);
        row.fix = wrapping(this);
        setTone(row.fix, Tone::Advice);
        row.retry = new QPushButton(this);
        row.retry->setObjectName(QStringLiteral("retry_") + id);
        connect(row.retry, &QPushButton::clicked, this, [this, id] {
            if (m_running.contains(id))
                return; // already checking; the button stays enabled so that focus stays on it
            // The owner fixed the licence server's address and pressed this row's Retry: asked
            // at the address the file names now (it went on asking the old one; helper-55).
            if (id == QLatin1String("vendor"))
                m_ctx.followSettingsFile();
            m_results.remove(id);
            m_checker->start(id);
        });
        grid->addWidget(row.mark, r, 0, Qt::AlignTop);
        grid->addWidget(row.title, r, 1);
        grid->addWidget(row.retry, r, 2, Qt::AlignTop);
        grid->addWidget(row.detail, r + 1, 1, 1, 2);
        grid->addWidget(row.fix, r + 2, 1, 1, 2);
        r += 3;
        m_rows.insert(id, row);
    }
    m_help = new QPushButton(this);
    m_help->setObjectName(QStringLiteral("help"));
    grid->addWidget(m_help, r, 0, 1, 3, Qt::AlignLeft);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(r + 1, 1);
    connect(m_help, &QPushButton::clicked, this, &ConnectionPage::showHelp);
    const QString envDir = QFileInfo(m_ctx.paths.envFile).absolutePath();
    m_checker = new ConnectionChecker(m_ctx.env, envDir, m_ctx.paths.dataDir, m_ctx.client.get(), this);
    connect(m_checker, &ConnectionChecker::finished, this, &ConnectionPage::onFinished);
    connect(m_checker, &ConnectionChecker::started, this, [this](const QString &id) {
        const Row &row = m_rows[id];
        row.mark->setText(QStringLiteral("…"));
        row.mark->setAccessibleName(tr("Checking"));
        row.detail->setText(tr("Checking…"));
        row.fix->clear();
        // Not disabled: a disabled button hands its focus on, to "I need help", where Return
        // does not go forward.
        m_running.insert(id);
        Q_EMIT completeChanged();
    });
}

void ConnectionPage::retranslate()
{
    setTitle(tr("Connection check"));
    setSubTitle(tr("What HotelHub needs on this computer and online."));
    m_intro->setText(tr("HotelHub checks what it needs before the licence is set up. Each row shows what was found and, if something is wrong, what to do."));
    m_help->setText(tr("I need &help"));
    const QHash<QString, QString> titles{{QStringLiteral("settings"), tr("Settings file (.env)")}, {QStringLiteral("database"), tr("Database")}, {QStringLiteral("redis"), tr("Redis")},
                                         {QStringLiteral("storage"), tr("Storage")}, {QStringLiteral("vendor"), tr("Licence server")}};
    for (auto it = m_rows.begin(); it != m_rows.end(); ++it) {
        it->retry->setText(tr("Retry")); // one per row: no Alt letter, which would be shared
        it->retry->setAccessibleName(tr("Retry: %1").arg(titles.value(it.key())));
        if (m_results.contains(it.key()))
            onFinished(m_results.value(it.key())); // re-worded in the new language
        else
            it->title->setText(titles.value(it.key()));
    }
}

void ConnectionPage::initializePage()
{
    m_results.clear();
    m_checker->startAll();
}

void ConnectionPage::onFinished(const ConnectionCheck &check)
{
    // The owner fixed the file and pressed Retry: what the wizard writes later starts from it,
    // and the licence server is the one it names now (the vendor check, the pairing); the vendor
    // row is checked again when that address changed.
    if (check.id == QLatin1String("settings") && check.ok) {
        const QUrl before = m_ctx.settings.vendorUrl;
        if (m_ctx.reloadSettings() && m_ctx.settings.vendorUrl != before && m_results.contains(QStringLiteral("vendor")))
            m_checker->start(QStringLiteral("vendor"));
    }
    m_results.insert(check.id, check);
    m_running.remove(check.id);
    const Row &row = m_rows[check.id];
    row.mark->setText(check.skipped ? QStringLiteral("–") : check.ok ? QStringLiteral("✓") : QStringLiteral("✗"));
    row.mark->setStyleSheet(QStringLiteral("font-weight: bold; font-size: 14pt;"));
    setTone(row.mark, check.ok ? Tone::Ok : Tone::Error);
    row.mark->setAccessibleName(check.skipped ? tr("Skipped") : check.ok ? tr("Passed") : tr("Failed"));
    // Worded now, in the language shown: a switch calls this again for every row.
    const QString fix = check.fix.text();
    row.title->setText(check.title.text());
    row.detail->setText(check.detail.text());
    row.fix->setText(fix.isEmpty() ? QString() : QStringLiteral("→ ") + fix);
    row.fix->setVisible(!fix.isEmpty());
    Q_EMIT completeChanged();
}

bool ConnectionPage::isComplete() const
{
    for (const QString &id : ConnectionChecker::ids()) {
        if (!m_results.contains(id))
            return false;
        const ConnectionCheck &c = m_results[id];
        if (c.required && !c.ok)
            return false;
    }
    return true;
}

void ConnectionPage::showHelp()
{
    const QString text = tr("Send the rows marked ✗ to HotelHub support.") + u'\n'
        + SupportContact::of(m_ctx.manager->loadRow(), m_ctx.env).lines();
    QMessageBox box(QMessageBox::Information, tr("I need help"), text, QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("helpBox"));
    box.exec();
}

} // namespace hotelhub::setup
