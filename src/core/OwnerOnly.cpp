#include "OwnerOnly.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#ifdef Q_OS_WIN
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#endif

namespace hotelhub::OwnerOnly {

#ifdef Q_OS_WIN
namespace {

// This process's user SID as a string ("S-1-5-21-…"), empty when it cannot be read.
QString currentUserSid()
{
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return {};
    DWORD size = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    QByteArray buffer(int(size), Qt::Uninitialized);
    QString sid;
    if (size > 0 && GetTokenInformation(token, TokenUser, buffer.data(), size, &size)) {
        LPWSTR text = nullptr;
        if (ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER *>(buffer.data())->User.Sid, &text)) {
            sid = QString::fromWCharArray(text);
            LocalFree(text);
        }
    }
    CloseHandle(token);
    return sid;
}

QString systemMessage(DWORD code)
{
    return QStringLiteral("Windows error %1").arg(code);
}

} // namespace

bool restrict(const QString &path, QString *error)
{
    const QString sid = currentUserSid();
    if (sid.isEmpty()) {
        if (error)
            *error = systemMessage(GetLastError());
        return false;
    }
    // P: protected (nothing inherited from the parent). Folders pass their entries on (OICI).
    const QString inherit = QFileInfo(path).isDir() ? QStringLiteral("OICI") : QString();
    const QString sddl = QStringLiteral("D:P(A;%1;FA;;;%2)(A;%1;FA;;;SY)(A;%1;FA;;;BA)").arg(inherit, sid);
    PSECURITY_DESCRIPTOR sd = nullptr;
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(reinterpret_cast<LPCWSTR>(sddl.utf16()), SDDL_REVISION_1, &sd, nullptr)) {
        if (error)
            *error = systemMessage(GetLastError());
        return false;
    }
    BOOL present = FALSE, defaulted = FALSE;
    PACL dacl = nullptr;
    GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted);
    std::wstring native = QDir::toNativeSeparators(path).toStdWString();
    const DWORD result = SetNamedSecurityInfoW(native.data(), SE_FILE_OBJECT,
                                               DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, nullptr,
                                               nullptr, dacl, nullptr);
    LocalFree(sd);
    if (result != ERROR_SUCCESS) {
        if (error)
            *error = systemMessage(result);
        return false;
    }
    return true;
}

bool readableByOthers(const QString &path)
{
    std::wstring native = QDir::toNativeSeparators(path).toStdWString();
    PACL dacl = nullptr;
    PSECURITY_DESCRIPTOR sd = nullptr;
    if (GetNamedSecurityInfoW(native.data(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, &dacl, nullptr, &sd)
        != ERROR_SUCCESS)
        return false; // cannot be read: the caller's own open will say why
    bool others = dacl == nullptr; // a null DACL lets everyone in
    const QString me = currentUserSid();
    for (DWORD i = 0; dacl && !others && i < dacl->AceCount; ++i) {
        void *ace = nullptr;
        if (!GetAce(dacl, i, &ace) || static_cast<ACE_HEADER *>(ace)->AceType != ACCESS_ALLOWED_ACE_TYPE)
            continue;
        auto *allowed = static_cast<ACCESS_ALLOWED_ACE *>(ace);
        if (!(allowed->Mask & (FILE_READ_DATA | GENERIC_READ | GENERIC_ALL)))
            continue;
        LPWSTR text = nullptr;
        if (!ConvertSidToStringSidW(reinterpret_cast<PSID>(&allowed->SidStart), &text))
            continue;
        const QString sid = QString::fromWCharArray(text);
        LocalFree(text);
        static const QStringList trusted{QStringLiteral("S-1-5-18"), QStringLiteral("S-1-5-32-544"), QStringLiteral("S-1-3-0")};
        others = sid != me && !trusted.contains(sid);
    }
    LocalFree(sd);
    return others;
}

#else

bool restrict(const QString &path, QString *error)
{
    const QFileDevice::Permissions owner = QFileInfo(path).isDir() ? QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner
                                                                    : QFile::ReadOwner | QFile::WriteOwner;
    if (!QFile::setPermissions(path, owner)) {
        if (error)
            *error = QFile(path).errorString();
        return false;
    }
    return true;
}

bool readableByOthers(const QString &path)
{
    return QFile::permissions(path) & (QFile::ReadGroup | QFile::ReadOther);
}

#endif

bool readableByEveryone(const QString &path)
{
#ifdef Q_OS_WIN
    return readableByOthers(path);
#else
    return QFile::permissions(path) & (QFile::ReadOther | QFile::WriteOther);
#endif
}

} // namespace hotelhub::OwnerOnly
