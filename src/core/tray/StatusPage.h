// The local API's lock/status page (GET /): resources/local-api/status.html filled in, with one
// section per language (Indonesian, then English) whose labels come from the translations.
#pragma once

#include "StatusPolicy.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>

namespace hotelhub {

class StatusPage
{
    Q_DECLARE_TR_FUNCTIONS(hotelhub::StatusPage)
public:
    // `phone` and `email`: the contact to show (the vendor's, else the .env's), plain text.
    static QByteArray render(const LicenseStatus &status, const QDateTime &lastCheck, const QString &phone, const QString &email);
    // The template language, in one pass: {{name}} becomes the HTML-escaped value and
    // {{?name}}…{{/name}} is kept only when the value is not empty. An unknown name is empty.
    static QString fill(const QString &html, const QHash<QString, QString> &values);
    static QString templateText(); // the embedded template
};

} // namespace hotelhub
