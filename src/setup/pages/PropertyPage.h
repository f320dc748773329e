// One page of the setup wizard (PRODUCT.md "The wizard, page by page").
#pragma once

#include "SetupPage.h"

#include <QJsonObject>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace hotelhub::setup {

class PropertyPage : public SetupPage
{
    Q_OBJECT
public:
    explicit PropertyPage(SetupContext &ctx);
    void retranslate() override;
    void initializePage() override;
    bool validatePage() override;
    QJsonObject save() const override;
    void restore(const QJsonObject &d) override;
    void updateRoomsHint();
    int maxRooms() const;

private:
    PropertyData collect() const;
    void suggestRegion();
    QLabel *m_labels[12];
    QLineEdit *m_name, *m_brand, *m_street, *m_city, *m_postal, *m_lat, *m_lng, *m_region;
    QComboBox *m_province, *m_stars, *m_timezone, *m_regionChoice;
    QSpinBox *m_rooms;
    QLabel *m_roomsHint;
    QLabel *m_currencyLabel = nullptr;
    QLabel *m_currency;
    bool m_regionEdited = false;
};

} // namespace hotelhub::setup
