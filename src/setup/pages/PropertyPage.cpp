#include "PropertyPage.h"
#include "PageWidgets.h"
#include "StatusColors.h"

#include "ui_PropertyPage.h"

namespace hotelhub::setup {

PropertyPage::PropertyPage(SetupContext &ctx) : SetupPage(ctx, PropertyId), m_ui(std::make_unique<Ui::PropertyPage>())
{
}

void PropertyPage::build()
{
    m_ui->setupUi(this);
    // The provinces and the time zones come from the region tables; the form holds the first
    // province entry ("Choose a province", stored as none) and the stars shown.
    m_ui->propertyProvince->setItemData(0, QString());
    for (const Province &p : Regions::provinces())
        m_ui->propertyProvince->addItem(p.name, p.code);
    for (int i = 0; i < m_ui->propertyStars->count(); ++i)
        m_ui->propertyStars->setItemData(i, i); // "–" is 0, then one star per item
    for (const QString &zone : Regions::zones())
        m_ui->propertyTimezone->addItem(zone, zone); // worded in retranslateDynamic()
    // Shown when the city is both a Kota and a Kabupaten and the owner did not say which.
    connect(m_ui->propertyRegionChoice, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            m_ui->propertyRegion->setText(m_ui->propertyRegionChoice->itemData(index).toString());
    });
    for (QLineEdit *field : findChildren<QLineEdit *>())
        connect(field, &QLineEdit::textChanged, this, &PropertyPage::revalidate);
    for (QComboBox *field : findChildren<QComboBox *>())
        connect(field, &QComboBox::currentIndexChanged, this, &PropertyPage::revalidate);
    connect(m_ui->propertyRooms, &QSpinBox::valueChanged, this, &PropertyPage::updateRoomsHint);
    connect(m_ui->propertyProvince, &QComboBox::currentIndexChanged, this, &PropertyPage::suggestRegion);
    connect(m_ui->propertyCity, &QLineEdit::editingFinished, this, &PropertyPage::suggestRegion);
    connect(m_ui->propertyRegion, &QLineEdit::textEdited, this, [this] { m_regionEdited = true; });
    connect(m_ui->propertyProvince, &QComboBox::currentIndexChanged, this, [this] {
        const QString zone = Regions::timeZone(m_ui->propertyProvince->currentData().toString());
        if (!zone.isEmpty())
            m_ui->propertyTimezone->setCurrentIndex(m_ui->propertyTimezone->findData(zone));
    });
}

PropertyPage::~PropertyPage() = default;

void PropertyPage::retranslate()
{
    m_ui->retranslateUi(this);
    retranslateDynamic();
}

void PropertyPage::retranslateDynamic()
{
    // "WITA — Central Indonesia Time (Asia/Makassar)": the name people use, and the one stored.
    const QHash<QString, QString> zoneNames{{QStringLiteral("WIB"), tr("Western Indonesia Time")},
                                            {QStringLiteral("WITA"), tr("Central Indonesia Time")},
                                            {QStringLiteral("WIT"), tr("Eastern Indonesia Time")}};
    for (int i = 0; i < m_ui->propertyTimezone->count(); ++i) {
        const QString zone = m_ui->propertyTimezone->itemData(i).toString();
        const QString abbreviation = Regions::zoneAbbreviation(zone);
        m_ui->propertyTimezone->setItemText(i, QStringLiteral("%1 — %2 (%3)").arg(abbreviation, zoneNames.value(abbreviation), zone));
    }
    if (m_ui->propertyRegionChoice->count() > 0)
        m_ui->propertyRegionChoice->setItemText(0, tr("%1: choose the city or the regency", "Bogor: …").arg(m_ui->propertyCity->text().simplified()));
    updateRoomsHint();
}

void PropertyPage::updateRoomsHint()
{
    // Said as the owner types: a count over the licence's limit is named, never cut to fit.
    const int max = maxRooms();
    const int rooms = m_ui->propertyRooms->value();
    const bool over = max > 0 && rooms > max;
    if (rooms < 1) {
        setTone(m_ui->propertyRoomsHint, Tone::Error);
        m_ui->propertyRoomsHint->setText(tr("Type how many rooms the hotel has (at least 1)."));
    } else if (over) {
        setTone(m_ui->propertyRoomsHint, Tone::Error);
        m_ui->propertyRoomsHint->setText(tr("%n room(s) typed, but your licence allows up to %1. Ask the vendor for a larger licence, or type the "
                                "rooms you will use now.", nullptr, m_ui->propertyRooms->value()).arg(max));
    } else {
        m_ui->propertyRoomsHint->setPalette(QPalette());
        m_ui->propertyRoomsHint->setText(max > 0 ? tr("Your licence allows up to %n room(s).", nullptr, max) : QString());
    }
    revalidate();
}

void PropertyPage::revalidate()
{
    // A refusal already shown below the page follows the fields: fixed, its line goes.
    if (QLabel *error = errorLabel(); !error->isHidden() && !error->text().isEmpty())
        showError(SetupRules::validateProperty(collect(), maxRooms()).join(u'\n'));
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
    const auto s = Regions::suggest(m_ui->propertyProvince->currentData().toString(), m_ui->propertyCity->text());
    m_ui->propertyRegionChoice->clear();
    m_ui->propertyRegionChoice->setVisible(s && !s->alternatives.isEmpty());
    if (!s)
        return;
    m_ui->propertyRegion->setText(s->code);
    if (s->alternatives.isEmpty())
        return;
    m_ui->propertyRegionChoice->addItem(tr("%1: choose the city or the regency", "Bogor: …").arg(m_ui->propertyCity->text().simplified()), QString());
    for (const RegionChoice &c : s->alternatives)
        m_ui->propertyRegionChoice->addItem(QStringLiteral("%1 (%2)").arg(c.label, c.code), c.code);
}

PropertyData PropertyPage::collect() const
{
    PropertyData p;
    p.name = m_ui->propertyName->text().simplified();
    p.brand = m_ui->propertyBrand->text().simplified();
    p.street = m_ui->propertyStreet->text().simplified();
    p.city = m_ui->propertyCity->text().simplified();
    p.province = m_ui->propertyProvince->currentIndex() > 0 ? m_ui->propertyProvince->currentText() : QString();
    p.postalCode = m_ui->propertyPostal->text().trimmed();
    p.latitude = SetupRules::parseCoordinate(m_ui->propertyLat->text());
    p.longitude = SetupRules::parseCoordinate(m_ui->propertyLng->text());
    p.regionCode = m_ui->propertyRegion->text().trimmed();
    // An emptied field is no number (QSpinBox would quietly keep the previous one): 0, refused.
    p.totalRooms = m_ui->propertyRooms->cleanText().trimmed().isEmpty() ? 0 : m_ui->propertyRooms->value();
    p.starRating = m_ui->propertyStars->currentData().toInt();
    p.timezone = m_ui->propertyTimezone->currentData().toString();
    return p;
}

bool PropertyPage::validatePage()
{
    const PropertyData p = collect();
    QStringList problems = SetupRules::validateProperty(p, maxRooms());
    if (m_ui->propertyRegionChoice->isVisible() && m_ui->propertyRegionChoice->currentIndex() <= 0 && !m_regionEdited)
        problems << tr("%1 is both a city (Kota) and a regency (Kabupaten), each with its own hotel tax: choose which one the hotel is in.")
                        .arg(m_ui->propertyCity->text().simplified());
    showError(problems.join(u'\n'));
    if (!problems.isEmpty())
        return false;
    m_ctx.data.property = p;
    return SetupPage::validatePage();
}

QJsonObject PropertyPage::save() const
{
    return {{QStringLiteral("name"), m_ui->propertyName->text()}, {QStringLiteral("brand"), m_ui->propertyBrand->text()}, {QStringLiteral("street"), m_ui->propertyStreet->text()},
            {QStringLiteral("city"), m_ui->propertyCity->text()}, {QStringLiteral("province"), m_ui->propertyProvince->currentData().toString()},
            {QStringLiteral("postal"), m_ui->propertyPostal->text()}, {QStringLiteral("lat"), m_ui->propertyLat->text()}, {QStringLiteral("lng"), m_ui->propertyLng->text()},
            {QStringLiteral("region"), m_ui->propertyRegion->text()}, {QStringLiteral("region_edited"), m_regionEdited},
            {QStringLiteral("rooms"), m_ui->propertyRooms->value()}, {QStringLiteral("stars"), m_ui->propertyStars->currentData().toInt()},
            {QStringLiteral("timezone"), m_ui->propertyTimezone->currentData().toString()}};
}

void PropertyPage::restore(const QJsonObject &d)
{
    m_ui->propertyName->setText(d.value(QStringLiteral("name")).toString());
    m_ui->propertyBrand->setText(d.value(QStringLiteral("brand")).toString());
    m_ui->propertyStreet->setText(d.value(QStringLiteral("street")).toString());
    m_ui->propertyCity->setText(d.value(QStringLiteral("city")).toString());
    m_ui->propertyProvince->setCurrentIndex(std::max(0, m_ui->propertyProvince->findData(d.value(QStringLiteral("province")).toString())));
    m_ui->propertyPostal->setText(d.value(QStringLiteral("postal")).toString());
    m_ui->propertyLat->setText(d.value(QStringLiteral("lat")).toString());
    m_ui->propertyLng->setText(d.value(QStringLiteral("lng")).toString());
    m_ui->propertyRegion->setText(d.value(QStringLiteral("region")).toString());
    m_regionEdited = d.value(QStringLiteral("region_edited")).toBool();
    m_ui->propertyRooms->setValue(d.value(QStringLiteral("rooms")).toInt(1));
    m_ui->propertyStars->setCurrentIndex(std::max(0, m_ui->propertyStars->findData(d.value(QStringLiteral("stars")).toInt())));
    m_ui->propertyTimezone->setCurrentIndex(std::max(0, m_ui->propertyTimezone->findData(d.value(QStringLiteral("timezone")).toString())));
    if (!d.isEmpty())
        m_ctx.data.property = collect(); // a resumed wizard commits these at the end
}

} // namespace hotelhub::setup
