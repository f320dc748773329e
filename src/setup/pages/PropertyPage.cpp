#include "PropertyPage.h"
#include "PageWidgets.h"
#include "StatusColors.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

namespace hotelhub::setup {

PropertyPage::PropertyPage(SetupContext &ctx) : SetupPage(ctx, PropertyId)
{
    auto *form = new QFormLayout(this);
    for (QLabel *&l : m_labels)
        l = new QLabel(this);
    auto edit = [this](const char *name) {
        auto *e = new QLineEdit(this);
        e->setObjectName(QLatin1String(name));
        return e;
    };
    m_name = edit("propertyName");
    m_brand = edit("propertyBrand");
    m_street = edit("propertyStreet");
    m_city = edit("propertyCity");
    m_province = new QComboBox(this);
    m_province->setObjectName(QStringLiteral("propertyProvince"));
    m_province->addItem(QString(), QString());
    for (const Province &p : Regions::provinces())
        m_province->addItem(p.name, p.code);
    m_postal = edit("propertyPostal");
    m_postal->setMaxLength(5);
    m_lat = edit("propertyLat");
    m_lng = edit("propertyLng");
    m_region = edit("propertyRegion");
    // Shown when the city is both a Kota and a Kabupaten and the owner did not say which.
    m_regionChoice = new QComboBox(this);
    m_regionChoice->setObjectName(QStringLiteral("propertyRegionChoice"));
    m_regionChoice->hide();
    connect(m_regionChoice, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            m_region->setText(m_regionChoice->itemData(index).toString());
    });
    m_rooms = new QSpinBox(this);
    m_rooms->setObjectName(QStringLiteral("propertyRooms"));
    m_rooms->setRange(1, 100000);
    connect(m_rooms, &QSpinBox::valueChanged, this, &PropertyPage::updateRoomsHint);
    m_roomsHint = new QLabel(this);
    m_roomsHint->setObjectName(QStringLiteral("propertyRoomsHint"));
    m_roomsHint->setWordWrap(true);
    m_stars = new QComboBox(this);
    m_stars->setObjectName(QStringLiteral("propertyStars"));
    m_stars->addItem(QStringLiteral("–"), 0);
    for (int i = 1; i <= 5; ++i)
        m_stars->addItem(QString(i, QChar(0x2605)), i);
    m_currency = new QLabel(QStringLiteral("IDR"), this);
    m_timezone = new QComboBox(this);
    m_timezone->setObjectName(QStringLiteral("propertyTimezone"));
    for (const QString &zone : Regions::zones())
        m_timezone->addItem(zone, zone); // worded in retranslate()
    QWidget *fields[] = {m_name, m_brand, m_street, m_city, m_province, m_postal, m_lat, m_lng, m_region, m_rooms, m_stars, m_timezone};
    for (int i = 0; i < 12; ++i) {
        form->addRow(m_labels[i], fields[i]);
        m_labels[i]->setBuddy(fields[i]);
        if (fields[i] == m_rooms)
            form->addRow(QString(), m_roomsHint);
        if (fields[i] == m_region)
            form->addRow(QString(), m_regionChoice);
    }
    m_currencyLabel = new QLabel(this);
    form->addRow(m_currencyLabel, m_currency);
    connect(m_province, &QComboBox::currentIndexChanged, this, &PropertyPage::suggestRegion);
    connect(m_city, &QLineEdit::editingFinished, this, &PropertyPage::suggestRegion);
    connect(m_region, &QLineEdit::textEdited, this, [this] { m_regionEdited = true; });
    connect(m_province, &QComboBox::currentIndexChanged, this, [this] {
        const QString zone = Regions::timeZone(m_province->currentData().toString());
        if (!zone.isEmpty())
            m_timezone->setCurrentIndex(m_timezone->findData(zone));
    });
    applyTexts();
}

void PropertyPage::retranslate()
{
    setTitle(tr("Property"));
    setSubTitle(tr("The first hotel. More properties can be added later in the panel."));
    // "WITA — Central Indonesia Time (Asia/Makassar)": the name people use, and the one stored.
    const QHash<QString, QString> zoneNames{{QStringLiteral("WIB"), tr("Western Indonesia Time")},
                                            {QStringLiteral("WITA"), tr("Central Indonesia Time")},
                                            {QStringLiteral("WIT"), tr("Eastern Indonesia Time")}};
    for (int i = 0; i < m_timezone->count(); ++i) {
        const QString zone = m_timezone->itemData(i).toString();
        const QString abbreviation = Regions::zoneAbbreviation(zone);
        m_timezone->setItemText(i, QStringLiteral("%1 — %2 (%3)").arg(abbreviation, zoneNames.value(abbreviation), zone));
    }
    const QString texts[] = {tr("&Hotel name:"), tr("Br&and (optional):"), tr("&Street:"), tr("&City/regency:"), tr("P&rovince:"),
                             tr("&Postal code:"), tr("&Latitude (optional):"), tr("Lon&gitude (optional):"), tr("Region co&de:"),
                             tr("Roo&ms:"), tr("S&tars:"), tr("Time &zone:")};
    for (int i = 0; i < 12; ++i)
        m_labels[i]->setText(texts[i]);
    m_currencyLabel->setText(tr("Currency:"));
    m_province->setItemText(0, tr("Choose a province"));
    m_region->setToolTip(tr("Suggested from the province and city (Kemendagri code); change it if your regency differs."));
    m_regionChoice->setAccessibleName(tr("City or regency"));
    if (m_regionChoice->count() > 0)
        m_regionChoice->setItemText(0, tr("%1: choose the city or the regency", "Bogor: …").arg(m_city->text().simplified()));
    updateRoomsHint();
}

void PropertyPage::updateRoomsHint()
{
    // Said as the owner types: a count over the licence's limit is named, never cut to fit.
    const int max = maxRooms();
    const bool over = max > 0 && m_rooms->value() > max;
    if (over) {
        setTone(m_roomsHint, Tone::Error);
        m_roomsHint->setText(tr("%n room(s) typed, but your licence allows up to %1. Ask the vendor for a larger licence, or type the "
                                "rooms you will use now.", nullptr, m_rooms->value()).arg(max));
    } else {
        m_roomsHint->setPalette(QPalette());
        m_roomsHint->setText(max > 0 ? tr("Your licence allows up to %n room(s).", nullptr, max) : QString());
    }
}

int PropertyPage::maxRooms() const
{
    const std::optional<LocalLicense> row = m_ctx.manager->loadRow();
    return row ? row->maxRooms : 0;
}

void PropertyPage::initializePage()
{
    // The licence's room limit is checked, not imposed on the field: a spin box capped at 40
    // silently keeps "5" when the owner types 50 (issue 12). The field takes any count and the
    // page says why a count is too high.
    applyTexts();
}

void PropertyPage::suggestRegion()
{
    if (m_regionEdited)
        return;
    const auto s = Regions::suggest(m_province->currentData().toString(), m_city->text());
    m_regionChoice->clear();
    m_regionChoice->setVisible(s && !s->alternatives.isEmpty());
    if (!s)
        return;
    m_region->setText(s->code);
    if (s->alternatives.isEmpty())
        return;
    m_regionChoice->addItem(tr("%1: choose the city or the regency", "Bogor: …").arg(m_city->text().simplified()), QString());
    for (const RegionChoice &c : s->alternatives)
        m_regionChoice->addItem(QStringLiteral("%1 (%2)").arg(c.label, c.code), c.code);
}

PropertyData PropertyPage::collect() const
{
    PropertyData p;
    p.name = m_name->text().simplified();
    p.brand = m_brand->text().simplified();
    p.street = m_street->text().simplified();
    p.city = m_city->text().simplified();
    p.province = m_province->currentIndex() > 0 ? m_province->currentText() : QString();
    p.postalCode = m_postal->text().trimmed();
    p.latitude = SetupRules::parseCoordinate(m_lat->text());
    p.longitude = SetupRules::parseCoordinate(m_lng->text());
    p.regionCode = m_region->text().trimmed();
    p.totalRooms = m_rooms->value();
    p.starRating = m_stars->currentData().toInt();
    p.timezone = m_timezone->currentData().toString();
    return p;
}

bool PropertyPage::validatePage()
{
    const PropertyData p = collect();
    QStringList problems = SetupRules::validateProperty(p, maxRooms());
    if (m_regionChoice->isVisible() && m_regionChoice->currentIndex() <= 0 && !m_regionEdited)
        problems << tr("%1 is both a city (Kota) and a regency (Kabupaten), each with its own hotel tax: choose which one the hotel is in.")
                        .arg(m_city->text().simplified());
    showError(problems.join(u'\n'));
    if (!problems.isEmpty())
        return false;
    m_ctx.data.property = p;
    return SetupPage::validatePage();
}

QJsonObject PropertyPage::save() const
{
    return {{QStringLiteral("name"), m_name->text()}, {QStringLiteral("brand"), m_brand->text()}, {QStringLiteral("street"), m_street->text()},
            {QStringLiteral("city"), m_city->text()}, {QStringLiteral("province"), m_province->currentData().toString()},
            {QStringLiteral("postal"), m_postal->text()}, {QStringLiteral("lat"), m_lat->text()}, {QStringLiteral("lng"), m_lng->text()},
            {QStringLiteral("region"), m_region->text()}, {QStringLiteral("region_edited"), m_regionEdited},
            {QStringLiteral("rooms"), m_rooms->value()}, {QStringLiteral("stars"), m_stars->currentData().toInt()},
            {QStringLiteral("timezone"), m_timezone->currentData().toString()}};
}

void PropertyPage::restore(const QJsonObject &d)
{
    m_name->setText(d.value(QStringLiteral("name")).toString());
    m_brand->setText(d.value(QStringLiteral("brand")).toString());
    m_street->setText(d.value(QStringLiteral("street")).toString());
    m_city->setText(d.value(QStringLiteral("city")).toString());
    m_province->setCurrentIndex(std::max(0, m_province->findData(d.value(QStringLiteral("province")).toString())));
    m_postal->setText(d.value(QStringLiteral("postal")).toString());
    m_lat->setText(d.value(QStringLiteral("lat")).toString());
    m_lng->setText(d.value(QStringLiteral("lng")).toString());
    m_region->setText(d.value(QStringLiteral("region")).toString());
    m_regionEdited = d.value(QStringLiteral("region_edited")).toBool();
    m_rooms->setValue(d.value(QStringLiteral("rooms")).toInt(1));
    m_stars->setCurrentIndex(std::max(0, m_stars->findData(d.value(QStringLiteral("stars")).toInt())));
    m_timezone->setCurrentIndex(std::max(0, m_timezone->findData(d.value(QStringLiteral("timezone")).toString())));
    if (!d.isEmpty())
        m_ctx.data.property = collect(); // a resumed wizard commits these at the end
}

} // namespace hotelhub::setup
