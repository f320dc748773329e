// hotelhub-setup: the wizard (or, with --migrate, the move-installation flow) and the licence
// status window shown once setup is complete.
#pragma once

#include "LicenseStatusView.h"
#include "pages/AdminPage.h"
#include "pages/ConnectionPage.h"
#include "pages/DonePage.h"
#include "pages/LicenseKeyPage.h"
#include "pages/MigrateConfirmPage.h"
#include "pages/MigrateRunPage.h"
#include "pages/OwnerPage.h"
#include "pages/PairingPage.h"
#include "pages/PropertyPage.h"
#include "pages/TaxPage.h"
#include "pages/WelcomePage.h"

#include <QDialog>
#include <QWizard>

class QLabel;
class QPushButton;

namespace hotelhub::setup {

class SetupWizard : public QWizard
{
    Q_OBJECT
public:
    enum class Mode { Setup, Migrate };
    SetupWizard(SetupContext &ctx, Mode mode, QWidget *parent = nullptr);

    template <typename T> T *pageAs(PageId id) const { return qobject_cast<T *>(page(id)); }
    static QStringList pageOrder();
    // The page a (re)started wizard opens on: the first unfinished one, or the key page when
    // pairing is pending but the key (never stored) must be typed again.
    int resumeId() const;

protected:
    void initializePage(int id) override; // builds the page on its first show
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    SetupContext &m_ctx;
    Mode m_mode;
};

// After a completed setup the wizard shows the licence instead: the shared status view, whose
// "Check again" asks the vendor and whose "Move installation" shows only when a move is the fix.
class StatusWindow : public QDialog
{
    Q_OBJECT
public:
    explicit StatusWindow(SetupContext &ctx, QWidget *parent = nullptr);
    widgets::LicenseStatusView *view() const { return m_view; }
    QPushButton *migrateButton() const;
    QLabel *titleLabel() const;
    // Reads the licence again (after a move, the hardware-change text must go at once).
    void refresh();
Q_SIGNALS:
    void migrateRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void checkAgain();
    SetupContext &m_ctx;
    widgets::LicenseStatusView *m_view;
    QPushButton *m_close;
    QPointer<VendorCall> m_call;
};

} // namespace hotelhub::setup
