// The local schema, one entry per version. Append only: a released migration never changes.
#pragma once

#include <QList>
#include <QStringList>

namespace hotelhub {

struct Migration
{
    QString description;
    QStringList statements;
};

const QList<Migration> &migrations();

} // namespace hotelhub
