// hotelhub-setup: the wizard (or, with --migrate, the move-installation flow) and the licence
// status window shown once setup is complete.
#pragma once

#include "Pages.h"

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
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    SetupContext &m_ctx;
    Mode m_mode;
};

class StatusWindow : public QDialog
{
    Q_OBJECT
public:
    explicit StatusWindow(SetupContext &ctx, QWidget *parent = nullptr);
    QPushButton *migrateButton() const { return m_migrate; }
    QLabel *titleLabel() const { return m_title; }
Q_SIGNALS:
    void migrateRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    SetupContext &m_ctx;
    QLabel *m_title, *m_text, *m_action, *m_facts;
    QPushButton *m_migrate, *m_close;
};

} // namespace hotelhub::setup
