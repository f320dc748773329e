// The licence key `HMS-XXXXX-XXXXX-XXXXX-XXXXX` (PROTOCOL.md "License key").
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace hotelhub {

class LicenseKey
{
    Q_DECLARE_TR_FUNCTIONS(LicenseKey)
public:
    enum class Problem { None, Empty, WrongPrefix, WrongLength, BadCharacter };
    static constexpr int kGroups = 4;      // after "HMS"
    static constexpr int kGroupLength = 5;

    // Normalises pasted text: trims quotes and whitespace (incl. zero-width and NBSP), upper-cases,
    // drops spaces and line breaks, accepts any dash-like character or none, and re-inserts dashes.
    // A valid key is remembered (maskInText masks it however it is written) unless told not to:
    // the mask's own reading of a text, and the fuzz target.
    enum class Remember { Yes, No };
    static LicenseKey parse(const QString &pasted, Remember remember = Remember::Yes);

    bool isValid() const { return m_problem == Problem::None; }
    Problem problem() const { return m_problem; }
    QString problemText() const; // for a person, with what to do
    QString problemCode() const;
    // The canonical key; empty when invalid. Never log it.
    QString text() const { return m_key; }
    // "sha256:<hex>" of the canonical key: the only form stored.
    QString hash() const;
    // HMS-ABCDE-•••••-•••••-78901
    QString masked() const;
    // `text` with every key in it masked, and every near-key (a group short, lower case, "key=…"
    // around it) masked after its first group: for messages that repeat what was typed.
    // Keys this process has met are masked however they are written (below): every valid key
    // parse() returns, and the stored hash of the paired one ("sha256:<hex>", as hash() gives).
    static QString maskInText(const QString &text);
    // `text` without a terminal's escape sequences, raw or written "<U+001B>…" (KeyMasking.cpp).
    static QString withoutEscapeSequences(const QString &text);
    static void remember(const QString &sha256Tagged);
    // Every key among a program's arguments (alone or after "="), remembered before any refusal
    // repeats one of them (helper-45's --reason with the --key's key in it, echoed whole).
    static void rememberArguments(const QStringList &arguments);
    // A text someone typed that is kept or sent on (a reason, a sheet's cell): every key in it,
    // as rememberArguments reads keys ("AAAAA; BBBBB; …", "AAAAA</b>BBBBB…"; helper-52), remembered,
    // then the text masked.
    static QString maskTyped(const QString &text);
    // Tests of the text rules alone.
    static void forgetRemembered();
    // What the key field should show while typing: the normalised prefix with dashes.
    static QString formatPartial(const QString &typed);

private:
    QString m_key;
    Problem m_problem = Problem::Empty;
    char32_t m_badChar = 0; // a code point: a character outside the BMP is one
    QString m_badShown;     // the character on screen it begins (a flag's two halves, a ZWJ sequence)
};

} // namespace hotelhub
