// One page of the setup wizard (PRODUCT.md "The wizard, page by page").
#pragma once

#include "SetupPage.h"
#include "setup/ConnectionChecks.h"

#include <QSet>

class QLabel;
class QPushButton;

namespace hotelhub::setup {

class ConnectionPage : public SetupPage
{
    Q_OBJECT
public:
    explicit ConnectionPage(SetupContext &ctx);
    void retranslate() override;
    void initializePage() override;
    bool isComplete() const override;
    ConnectionChecker *checker() const { return m_checker; }
    // The row widgets of one check, for tests and screenshots.
    struct Row { QLabel *mark; QLabel *title; QLabel *detail; QLabel *fix; QPushButton *retry; };
    Row row(const QString &id) const { return m_rows.value(id); }

private:
    void build() override;
    void onFinished(const ConnectionCheck &check);
    void showHelp();
    QLabel *m_intro;
    QPushButton *m_help;
    QHash<QString, Row> m_rows;
    QHash<QString, ConnectionCheck> m_results;
    QSet<QString> m_running;
    ConnectionChecker *m_checker = nullptr;
};

} // namespace hotelhub::setup
