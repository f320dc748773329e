// A sentence decided now and worded when it is shown: the core says what happened (a check's
// result, with its values) and the words come from the language installed at display time, so a
// live language switch re-words what is already on screen.
#pragma once

#include <QString>
#include <functional>
#include <type_traits>

namespace hotelhub {

class Wording
{
public:
    Wording() = default;
    // Already words (an operating system's or a driver's message): shown as they are.
    Wording(const QString &text) : m_words(text.isEmpty() ? std::function<QString()>() : [text] { return text; }) {}
    // Words made when shown: a function that calls tr() with the values it captured.
    template<typename Words, typename = std::enable_if_t<std::is_invocable_r_v<QString, Words> && !std::is_convertible_v<Words, QString>>>
    Wording(Words &&words) : m_words(std::forward<Words>(words))
    {
    }

    QString text() const { return m_words ? m_words() : QString(); }
    bool isEmpty() const { return text().isEmpty(); }

private:
    std::function<QString()> m_words;
};

} // namespace hotelhub
