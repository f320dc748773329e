#include "TrayText.h"
#include "SupportContact.h"

namespace hotelhub::tray {

QString contactText(const Installation &ctx)
{
    return SupportContact::of(ctx.manager->loadRow(), ctx.env).lines();
}

} // namespace hotelhub::tray
