// hotelhub-license-server's command line: keys, serve, license admin, sheet sync.
#pragma once

#include <QCoreApplication>
#include <QStringList>
#include <QTextStream>

namespace hotelhub::server {

class ServerCli
{
    Q_DECLARE_TR_FUNCTIONS(ServerCli)
public:
    ServerCli(QTextStream &out, QTextStream &err) : m_out(out), m_err(err) {}
    int run(const QStringList &arguments);

private:
    QString usage() const;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace hotelhub::server
