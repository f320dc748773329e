// The property page: the first hotel, its region code and its rooms. Its layout is the Designer
// form ui/PropertyPage.ui.
#pragma once

#include "SetupPage.h"

#include <QJsonObject>
#include <memory>

namespace Ui {
class PropertyPage;
}

namespace hotelhub::setup {

class PropertyPage : public SetupPage
{
    Q_OBJECT
public:
    explicit PropertyPage(SetupContext &ctx);
    ~PropertyPage() override;
    void retranslate() override;
    void initializePage() override;
    bool validatePage() override;
    QJsonObject save() const override;
    void restore(const QJsonObject &d) override;
    void updateRoomsHint();
    void revalidate();
    int maxRooms() const;

private:
    void build() override;
    void retranslateDynamic();
    PropertyData collect() const;
    void suggestRegion();
    std::unique_ptr<Ui::PropertyPage> m_ui;
    bool m_regionEdited = false;
};

} // namespace hotelhub::setup
