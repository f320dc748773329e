// The base of every wizard page: its key, its step, its texts and its errors.
#pragma once

#include "SetupContext.h"

#include <QJsonObject>
#include <QWizardPage>

class QLabel;

namespace hotelhub::setup {

// The pages, in order. Their keys (wizard_progress.page) are defined here once: pageKey(id).
enum PageId { WelcomeId, ConnectionId, KeyId, PairingId, OwnerId, PropertyId, TaxId, AdminId, DoneId, MigrateConfirmId, MigrateRunId };
QString pageKey(PageId id);

class SetupPage : public QWizardPage
{
    Q_OBJECT
public:
    SetupPage(SetupContext &ctx, PageId id, QWidget *parent = nullptr);
    QString key() const { return m_key; }
    // "Step 3 of 9", shown in the header above the page's own subtitle.
    void setStep(int step, int steps);
    // A page's widgets are made on its first show (SetupWizard::initializePage), or at the start
    // when its saved answers must go back into them (restore() needs a built page). So the
    // wizard opens on its first page without building the ones after it (issue 14), while every
    // page is registered up front (its step, its commit/final role and the buttons are right).
    void ensureBuilt();
    bool isBuilt() const { return m_built; }
    virtual void retranslate() = 0; // called only on a built page
    virtual QJsonObject save() const { return {}; }
    virtual void restore(const QJsonObject &) {}
    bool validatePage() override; // saves progress; derived pages validate first, then call this

protected:
    // Makes the page's widgets and connections; its texts come after, from retranslate().
    virtual void build() = 0;
    void changeEvent(QEvent *event) override;
    // A page whose content grew (an error, the recovery codes, a longer language) asks for the
    // height its wrapped lines need: QWizard sizes a page by its size hint, which counts a
    // wrapped label as one line, and would cut the last lines off.
    bool event(QEvent *event) override;
    void fitToContent();
    // retranslate(), then every field with a buddy label takes that label's text as its
    // accessible name: a screen reader says what the eye reads, in the language shown.
    void applyTexts();
    QLabel *errorLabel(); // a red label for validation messages, created on first use
    void showError(const QString &text);
    SetupContext &m_ctx;

private:
    QString m_key;
    QLabel *m_error = nullptr;
    int m_step = 0, m_steps = 0;
    bool m_built = false;
};

} // namespace hotelhub::setup
