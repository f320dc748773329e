#include "OfflineActivationDialog.h"
#include "QrCodeLabel.h"

#include "Clock.h"
#include "MarkedText.h"
#include "SmallFile.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QGuiApplication>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace hotelhub::widgets {

namespace {
QLabel *wrapped(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText); // a server's or a file's words are never markup
    return l;
}

QLabel *heading(const QString &text, QWidget *parent)
{
    QLabel *l = wrapped(text, parent);
    QFont f = l->font();
    f.setBold(true);
    l->setFont(f);
    return l;
}

} // namespace

OfflineActivationDialog::OfflineActivationDialog(LicenseManager &manager, const Clock &clock, const QString &licenseKey, QWidget *parent)
    : QDialog(parent)
    , m_offline(manager, clock)
    , m_licenseKey(licenseKey)
{
    setWindowTitle(tr("Offline activation"));
    setObjectName(QStringLiteral("offlineActivation"));
    // Everything but Close scrolls: on an 800×600 screen the dialog cannot be as tall as its
    // contents, and Qt squeezed the rows so the QR code covered step 2's heading (helper-38).
    auto *outer = new QVBoxLayout(this);
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("offlineScroll"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget(m_scroll);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(wrapped(tr("No internet on this computer? Activate the licence with your phone: the request goes to your vendor, "
                                 "the answer comes back."), this));

    layout->addWidget(heading(tr("1. Send this request to your vendor"), this));
    layout->addWidget(wrapped(tr("Photograph the QR code with your phone and send it by WhatsApp, or save it as a file (for a USB stick or "
                                 "e-mail), or copy the text."), this));
    auto *requestRow = new QHBoxLayout;
    m_qr = new QrCodeLabel(this);
    m_qr->setObjectName(QStringLiteral("offlineRequestQr"));
    requestRow->addWidget(m_qr, 0, Qt::AlignTop);
    auto *textColumn = new QVBoxLayout;
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("offlineRequestText"));
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_text->setWordWrapMode(QTextOption::WrapAnywhere);
    textColumn->addWidget(m_text, 1);
    auto *requestButtons = new QHBoxLayout;
    m_save = new QPushButton(tr("&Save request as file…"), this);
    m_save->setObjectName(QStringLiteral("offlineSaveRequest"));
    m_copy = new QPushButton(tr("Co&py text"), this);
    m_copy->setObjectName(QStringLiteral("offlineCopyRequest"));
    requestButtons->addWidget(m_save);
    requestButtons->addWidget(m_copy);
    requestButtons->addStretch();
    textColumn->addLayout(requestButtons);
    m_requestProblem = wrapped(QString(), this);
    m_requestProblem->setObjectName(QStringLiteral("offlineRequestProblem"));
    textColumn->addWidget(m_requestProblem);
    textColumn->addWidget(wrapped(tr("Your vendor answers a request up to %n days old.", "", offline::kRequestMaxAgeDays), this));
    requestRow->addLayout(textColumn, 1);
    layout->addLayout(requestRow);

    layout->addWidget(heading(tr("2. Apply the vendor's answer"), this));
    auto *open = new QPushButton(tr("&Open answer file…"), this);
    open->setObjectName(QStringLiteral("offlineOpenAnswer"));
    auto *openRow = new QHBoxLayout;
    openRow->addWidget(open);
    openRow->addStretch();
    layout->addLayout(openRow);
    m_codeHint = wrapped(QString(), this);
    layout->addWidget(m_codeHint);
    auto *codeRow = new QHBoxLayout;
    m_code = new QLineEdit(this);
    m_code->setObjectName(QStringLiteral("offlineCode"));
    m_code->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_code->setPlaceholderText(QStringLiteral("XXXXX-XXXXX-XXXXX-…"));
    m_code->setMaxLength(offline::kCodeLength + offline::kCodeGroups - 1);
    m_applyCode = new QPushButton(tr("&Apply code"), this);
    m_applyCode->setObjectName(QStringLiteral("offlineApplyCode"));
    codeRow->addWidget(m_code, 1);
    codeRow->addWidget(m_applyCode);
    layout->addLayout(codeRow);
    m_resultText = wrapped(QString(), this);
    m_resultText->setObjectName(QStringLiteral("offlineResult"));
    layout->addWidget(m_resultText);
    m_scroll->setWidget(content);
    outer->addWidget(m_scroll, 1);
    auto *box = new QDialogButtonBox(QDialogButtonBox::Close, this);
    outer->addWidget(box);

    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_save, &QPushButton::clicked, this, [this] {
        const QString suggested = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                                      .filePath(QStringLiteral("hotelhub-request-%1.txt").arg(m_request.request.nonceText().left(8).toLower()));
        const QString path = QFileDialog::getSaveFileName(this, tr("Save activation request"), suggested, tr("Text files (*.txt)"));
        if (!path.isEmpty())
            saveRequestTo(path);
    });
    connect(m_copy, &QPushButton::clicked, this, [this] {
        if (m_request.ok)
            QApplication::clipboard()->setText(m_request.request.encode());
    });
    connect(open, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open the vendor's answer"), QString(), tr("Answer files (*.json *.txt);;All files (*)"));
        if (!path.isEmpty())
            applyAnswerFile(path);
    });
    connect(m_code, &QLineEdit::textEdited, this, &OfflineActivationDialog::regroupCode);
    connect(m_applyCode, &QPushButton::clicked, this, &OfflineActivationDialog::applyCode);
    // Return applies the code (the one default button), never opens a file dialog or closes this one.
    for (QPushButton *button : findChildren<QPushButton *>())
        button->setAutoDefault(false);
    m_applyCode->setDefault(true);
    makeRequest();
    // Never narrower than the QR code and the request beside it (a scroll area alone lets a dialog
    // shrink to a small box: it opened 332 px wide with the QR code cut off; helper-39), and as tall
    // as the contents need within the screen.
    content->layout()->activate();
    const int frame = outer->contentsMargins().left() + outer->contentsMargins().right() + 2 * m_scroll->frameWidth();
    m_scroll->setMinimumWidth(content->minimumSizeHint().width() + m_scroll->verticalScrollBar()->sizeHint().width() + 2 * m_scroll->frameWidth());
    const QSize wanted(std::max(content->sizeHint().width() + frame + m_scroll->verticalScrollBar()->sizeHint().width(), minimumSizeHint().width()),
                       content->sizeHint().height() + box->sizeHint().height() + outer->spacing() + outer->contentsMargins().top()
                           + outer->contentsMargins().bottom());
    const QRect screen = (parent && parent->screen() ? parent->screen() : QGuiApplication::primaryScreen())->availableGeometry();
    m_wanted = QSize(std::min(wanted.width(), screen.width()), std::min(wanted.height(), screen.height()));
    resize(m_wanted);
}

QSize OfflineActivationDialog::sizeHint() const
{
    // What adjustSize() and a window manager ask for: the contents' size, not the scroll area's.
    return m_wanted.isValid() ? m_wanted : QDialog::sizeHint();
}

void OfflineActivationDialog::makeRequest()
{
    m_request = m_offline.createRequest(m_licenseKey);
    m_requestProblem->setVisible(!m_request.ok);
    // No request, nothing to save or copy: the line above says why and what to do.
    m_save->setEnabled(m_request.ok);
    m_copy->setEnabled(m_request.ok);
    if (!m_request.ok) {
        m_requestProblem->setText(m_request.error);
        m_text->clear();
        m_qr->clear();
        return;
    }
    m_requestProblem->clear();
    m_text->setPlainText(m_request.request.encodeWrapped());
    m_qr->setContent(m_request.request.encode());
    m_codeHint->setText(m_request.codePossible ? tr("Or type the code your vendor reads to you (26 groups of 5 characters):")
                                               : tr("Or type the code your vendor reads to you (for a renewal with an Ed25519 vendor key; "
                                                    "a first activation needs the answer file):"));
}

bool OfflineActivationDialog::saveRequestTo(const QString &path)
{
    QString why;
    // It carries the licence key: readable by this user only.
    if (!m_request.ok || !SmallFile::writeAtomically(path, m_request.request.encode().toLatin1() + '\n', &why, true)) {
        m_resultText->setText(tr("The request was not saved: %1").arg(why.isEmpty() ? m_request.error : why));
        growToFit();
        return false;
    }
    m_resultText->setText(tr("Saved to %1. Send that file to your vendor.").arg(QDir::toNativeSeparators(path)));
    growToFit();
    return true;
}

void OfflineActivationDialog::applyAnswerFile(const QString &path)
{
    QString why;
    const auto bytes = SmallFile::read(path, &why);
    if (!bytes) {
        m_resultText->setText(tr("Cannot read the answer: %1").arg(why));
        growToFit();
        return;
    }
    showResult(m_offline.apply(MarkedText::text(*bytes)));
}

void OfflineActivationDialog::applyCode()
{
    showResult(m_offline.apply(m_code->text()));
}

void OfflineActivationDialog::showResult(const OfflineApplyResult &result)
{
    m_result = result;
    if (result.ok()) {
        m_resultText->setText(result.message);
        Q_EMIT applied(result);
        accept();
        return;
    }
    m_resultText->setText(result.message + u'\n' + QStringLiteral("→ ") + result.action);
    growToFit();
    if (result.problem == OfflineProblem::CodeTypo) {
        // Select the group to correct: 5 characters and a dash per group before it.
        m_code->setFocus();
        m_code->setSelection((result.group - 1) * 6, 5);
    }
}

void OfflineActivationDialog::growToFit()
{
    // A longer message wraps onto more lines: the dialog grows rather than drawing its rows over
    // each other (a window manager does not always enforce the new minimum, nor does none at all).
    // Within the screen: beyond it the contents scroll.
    layout()->activate();
    QWidget *content = m_scroll->widget();
    content->layout()->activate();
    const int contentNeeded = content->layout()->hasHeightForWidth() ? content->layout()->totalHeightForWidth(m_scroll->viewport()->width())
                                                                     : content->layout()->totalSizeHint().height();
    const int needed = height() - m_scroll->viewport()->height() + contentNeeded;
    const int most = screen() ? screen()->availableGeometry().height() : needed;
    if (needed > height())
        resize(width(), std::min(needed, most));
}

void OfflineActivationDialog::regroupCode(const QString &typed)
{
    // Like the licence key field: whatever is typed or pasted reads in groups of 5, and the cursor
    // stays after the same character.
    const QString shown = formatPartialOfflineCode(typed);
    if (shown == typed)
        return;
    const int cursor = int(formatPartialOfflineCode(typed.left(m_code->cursorPosition())).size());
    m_code->setText(shown);
    m_code->setCursorPosition(cursor);
}

} // namespace hotelhub::widgets
