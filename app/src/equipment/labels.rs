//! The closed sets of equipment in the user's language.

use super::{EquipmentSort, EquipmentStatus, EquipmentType, LicenseManagement};
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

pub fn kind(i18n: I18n, k: EquipmentType) -> String {
    match k {
        EquipmentType::Software => t_string!(i18n, equipment.type_software),
        EquipmentType::Plugin => t_string!(i18n, equipment.type_plugin),
    }
    .to_string()
}

pub fn status(i18n: I18n, s: EquipmentStatus) -> String {
    match s {
        EquipmentStatus::Active => t_string!(i18n, equipment.status_active),
        EquipmentStatus::Trial => t_string!(i18n, equipment.status_trial),
        EquipmentStatus::Expired => t_string!(i18n, equipment.status_expired),
        EquipmentStatus::Archived => t_string!(i18n, equipment.status_archived),
    }
    .to_string()
}

pub fn license(i18n: I18n, l: Option<LicenseManagement>) -> String {
    match l {
        Some(LicenseManagement::Online) => t_string!(i18n, equipment.license_online),
        Some(LicenseManagement::Ilok) => t_string!(i18n, equipment.license_ilok),
        Some(LicenseManagement::LicenseKey) => t_string!(i18n, equipment.license_license_key),
        Some(LicenseManagement::Other) => t_string!(i18n, equipment.license_other),
        None => t_string!(i18n, equipment.license_none),
    }
    .to_string()
}

pub fn sort(i18n: I18n, s: EquipmentSort) -> String {
    match s {
        EquipmentSort::Name => t_string!(i18n, equipment.sort_name),
        EquipmentSort::Manufacturer => t_string!(i18n, equipment.sort_manufacturer),
        EquipmentSort::PurchaseDate => t_string!(i18n, equipment.sort_purchase_date),
        EquipmentSort::Status => t_string!(i18n, equipment.sort_status),
    }
    .to_string()
}
