// The hotelhub-license command line: parses, calls the core, prints. No rules live here.
#pragma once

#include <QCoreApplication>
#include <QStringList>
#include <QTextStream>

namespace hotelhub {

class CliApp
{
    Q_DECLARE_TR_FUNCTIONS(CliApp)
public:
    CliApp(QTextStream &out, QTextStream &err) : m_out(out), m_err(err) {}
    int run(const QStringList &arguments);

private:
    QString helpText() const;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace hotelhub
