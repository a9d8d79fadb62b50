//! A record as its form sends it, and the one check it passes in the browser and on the
//! server. Secrets are write-only here: an empty secret field keeps what is stored (the form
//! never receives it), a "remove" box clears it.

use serde::{Deserialize, Serialize};
use shared::input::InputProblem;
use shared::inventory;
use shared::text::{MultiLine, SingleLine};

use super::*;
use crate::error::Field;

/// The editor's fields (`equipment[name]`, …); `id` is empty for a new record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EquipmentForm {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub version: String,
    pub description: String,
    pub software_tags: String,
    pub plugin_tags: String,
    pub manufacturer: String,
    pub url: String,
    pub username: String,
    pub license_management: String,
    pub license_description: String,
    pub purchase_date: String,
    pub system_requirements: String,
    pub status: String,
    /// A new password; empty keeps the stored one.
    pub password: String,
    pub clear_password: bool,
    pub license_key: String,
    pub clear_license_key: bool,
    pub price_amount: String,
    pub price_currency: String,
    pub clear_price: bool,
}

/// What a save does to one secret.
#[derive(Debug, Clone, PartialEq)]
pub enum SecretChange {
    Keep,
    Clear,
    Set(String),
}

/// A checked save: the record's plain fields and what happens to each secret.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedEquipment {
    pub record: Equipment,
    pub password: SecretChange,
    pub license_key: SecretChange,
    pub price: SecretChange,
}

impl CheckedEquipment {
    pub fn change(&self, secret: Secret) -> &SecretChange {
        match secret {
            Secret::Password => &self.password,
            Secret::LicenseKey => &self.license_key,
            Secret::Price => &self.price,
        }
    }
}

fn option<T>(raw: &str, parse: fn(&str) -> Option<T>) -> Result<Option<T>, InputProblem> {
    match raw.trim() {
        "" => Ok(None),
        raw => parse(raw).map(Some).ok_or(InputProblem::UnknownOption),
    }
}

fn change(clear: bool, value: Option<String>) -> SecretChange {
    match (clear, value) {
        (true, _) => SecretChange::Clear,
        (false, Some(v)) => SecretChange::Set(v),
        (false, None) => SecretChange::Keep,
    }
}

/// The save to make, every field checked (times are set when it is stored).
pub fn check(form: &EquipmentForm) -> Result<CheckedEquipment, (Field, InputProblem)> {
    let at = |field: Field| move |problem: InputProblem| (field, problem);
    let line = |raw: &str, max: usize, field: Field| {
        SingleLine::parse(raw, max)
            .map(|t| t.into_string())
            .map_err(at(field))
    };
    let text = |raw: &str, field: Field| {
        MultiLine::parse(raw, MAX_TEXT_CHARS)
            .map(|t| t.into_string())
            .map_err(at(field))
    };
    let kind =
        EquipmentType::parse(form.kind.trim()).ok_or((Field::Type, InputProblem::UnknownOption))?;
    let status = match form.status.trim() {
        "" => EquipmentStatus::Active,
        s => EquipmentStatus::parse(s).ok_or((Field::Status, InputProblem::UnknownOption))?,
    };
    // Passwords are kept exactly as typed (spaces count); only control characters are refused.
    let password = if form.password.is_empty() {
        None
    } else if form.password.chars().any(char::is_control) {
        return Err((Field::Password, InputProblem::InvalidCharacters));
    } else if form.password.chars().count() > MAX_PASSWORD_CHARS {
        return Err((Field::Password, InputProblem::TooLong));
    } else {
        Some(form.password.clone())
    };
    let license_key = MultiLine::parse(form.license_key.trim(), MAX_LICENSE_KEY_CHARS)
        .map_err(at(Field::LicenseKey))?
        .into_string();
    // The amount is judged first (with a stand-in currency), then the currency.
    let price = match inventory::price(&form.price_amount, "EUR") {
        Err(p) => return Err((Field::Price, p)),
        Ok(_) => inventory::price(&form.price_amount, &form.price_currency)
            .map_err(at(Field::Currency))?,
    };
    let record = Equipment {
        id: form.id.trim().to_string(),
        kind,
        name: SingleLine::required(&form.name, MAX_NAME_CHARS)
            .map_err(at(Field::Name))?
            .into_string(),
        version: line(&form.version, MAX_VERSION_CHARS, Field::Version)?,
        description: text(&form.description, Field::Description)?,
        software_tags: inventory::tags(&form.software_tags, MAX_TAGS_CHARS)
            .map_err(at(Field::SoftwareTags))?,
        plugin_tags: inventory::tags(&form.plugin_tags, MAX_TAGS_CHARS)
            .map_err(at(Field::PluginTags))?,
        manufacturer: line(
            &form.manufacturer,
            MAX_MANUFACTURER_CHARS,
            Field::Manufacturer,
        )?,
        url: inventory::url(&form.url, MAX_URL_CHARS).map_err(at(Field::Url))?,
        username: line(&form.username, MAX_USERNAME_CHARS, Field::Username)?,
        license_management: option(&form.license_management, LicenseManagement::parse)
            .map_err(at(Field::LicenseManagement))?,
        license_description: text(&form.license_description, Field::LicenseDescription)?,
        purchase_date: inventory::date(&form.purchase_date).map_err(at(Field::PurchaseDate))?,
        system_requirements: text(&form.system_requirements, Field::SystemRequirements)?,
        status,
        has_password: false,
        has_license_key: false,
        has_price: false,
        created_at: 0,
        updated_at: 0,
    };
    Ok(CheckedEquipment {
        record,
        password: change(form.clear_password, password),
        license_key: change(
            form.clear_license_key,
            (!license_key.is_empty()).then_some(license_key),
        ),
        price: change(form.clear_price, price),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> EquipmentForm {
        EquipmentForm {
            kind: "plugin".into(),
            name: " Diva ".into(),
            ..Default::default()
        }
    }

    #[test]
    fn secrets_keep_clear_or_set() {
        let c = check(&form()).unwrap();
        assert_eq!(c.record.name, "Diva");
        assert_eq!(c.record.status, EquipmentStatus::Active);
        assert_eq!(c.password, SecretChange::Keep);
        let c = check(&EquipmentForm {
            password: " pass word ".into(),
            license_key: "  ABCD-1234 ".into(),
            price_amount: "179".into(),
            price_currency: "usd".into(),
            ..form()
        })
        .unwrap();
        assert_eq!(c.password, SecretChange::Set(" pass word ".into()));
        assert_eq!(c.license_key, SecretChange::Set("ABCD-1234".into()));
        assert_eq!(c.price, SecretChange::Set("179.00 USD".into()));
        let c = check(&EquipmentForm {
            password: "x".into(),
            clear_password: true,
            ..form()
        })
        .unwrap();
        assert_eq!(c.password, SecretChange::Clear);
    }

    #[test]
    fn refusals_name_their_field() {
        let refused = |f: EquipmentForm| check(&f).unwrap_err();
        assert_eq!(
            refused(EquipmentForm {
                kind: "hardware".into(),
                ..form()
            })
            .0,
            Field::Type
        );
        assert_eq!(
            refused(EquipmentForm {
                name: " ".into(),
                ..form()
            }),
            (Field::Name, InputProblem::Required)
        );
        assert_eq!(
            refused(EquipmentForm {
                url: "u-he.com".into(),
                ..form()
            })
            .0,
            Field::Url
        );
        assert_eq!(
            refused(EquipmentForm {
                purchase_date: "2024-02-30".into(),
                ..form()
            })
            .0,
            Field::PurchaseDate
        );
        assert_eq!(
            refused(EquipmentForm {
                price_amount: "12".into(),
                ..form()
            })
            .0,
            Field::Currency
        );
        assert_eq!(
            refused(EquipmentForm {
                price_amount: "1,2,3".into(),
                price_currency: "EUR".into(),
                ..form()
            })
            .0,
            Field::Price
        );
        assert_eq!(
            refused(EquipmentForm {
                license_management: "dongle".into(),
                ..form()
            })
            .0,
            Field::LicenseManagement
        );
        assert_eq!(
            refused(EquipmentForm {
                password: "a\u{0}b".into(),
                ..form()
            })
            .0,
            Field::Password
        );
    }
}
