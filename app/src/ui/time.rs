//! Moments as the user reads them: in their time zone and language, and the same text whether
//! the server rendered the page or the browser did. Each side only supplies the wall-clock
//! fields for an instant (the server from its bundled time-zone database, the browser from its
//! own `Intl`, so no time-zone data is shipped in the bundle); one formatter turns them into
//! words. Without a known zone the time is shown in UTC and says so.

use leptos::prelude::*;

use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// The user's time zone (an IANA name), provided by the shell from the session; the pieces
/// here read it so that every date on every page follows it.
#[derive(Clone, Copy)]
pub struct UserTimeZone(pub Signal<Option<String>>);

/// The fields of a local date and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WallClock {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

impl WallClock {
    pub fn utc(ms: i64) -> WallClock {
        let secs = ms.div_euclid(1000);
        let (year, month, day) = shared::calendar::civil_from_days(secs.div_euclid(86_400));
        let rem = secs.rem_euclid(86_400);
        WallClock {
            year,
            month,
            day,
            hour: (rem / 3600) as u32,
            minute: (rem % 3600 / 60) as u32,
        }
    }
}

/// The wall clock at `ms` in `zone`, from the server's bundled database.
#[cfg(feature = "ssr")]
pub fn wall_clock(ms: i64, zone: &str) -> Option<WallClock> {
    let zone = jiff::tz::TimeZone::get(zone).ok()?;
    let local = jiff::Timestamp::from_millisecond(ms)
        .ok()?
        .to_zoned(zone)
        .datetime();
    Some(WallClock {
        year: i64::from(local.year()),
        month: local.month() as u32,
        day: local.day() as u32,
        hour: local.hour() as u32,
        minute: local.minute() as u32,
    })
}

/// The wall clock at `ms` in `zone`, from the browser's `Intl` (an unknown zone is `None`,
/// never an exception).
#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
pub fn wall_clock(ms: i64, zone: &str) -> Option<WallClock> {
    use js_sys::{Array, Date, Object, Reflect};
    use leptos::wasm_bindgen::{JsCast, JsValue};
    let options = Object::new();
    for (key, value) in [
        ("timeZone", zone),
        ("hourCycle", "h23"),
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "numeric"),
    ] {
        Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor = Reflect::get(&intl, &"DateTimeFormat".into()).ok()?;
    let args = Array::of2(&Array::of1(&"en-US".into()), &options);
    let format: js_sys::Intl::DateTimeFormat =
        Reflect::construct(constructor.dyn_ref::<js_sys::Function>()?, &args)
            .ok()?
            .unchecked_into();
    let parts = format.format_to_parts(&Date::new(&JsValue::from_f64(ms as f64)));
    let mut clock = WallClock::utc(0);
    for part in parts.iter() {
        let field = |name: &str| Reflect::get(&part, &name.into()).ok()?.as_string();
        let (Some(kind), Some(value)) = (field("type"), field("value")) else {
            continue;
        };
        let Ok(n) = value.parse::<i64>() else {
            continue;
        };
        match kind.as_str() {
            "year" => clock.year = n,
            "month" => clock.month = n as u32,
            "day" => clock.day = n as u32,
            "hour" => clock.hour = n as u32,
            "minute" => clock.minute = n as u32,
            _ => {}
        }
    }
    Some(clock)
}

/// The browser's own time zone (`Intl`'s resolved option), to fill an empty profile.
#[cfg(feature = "hydrate")]
pub fn browser_time_zone() -> Option<String> {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into())
        .ok()?
        .as_string()
        .filter(|z| !z.is_empty())
}

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
pub fn wall_clock(_ms: i64, _zone: &str) -> Option<WallClock> {
    None
}

fn month_name(i18n: I18n, month: u32) -> String {
    match month {
        1 => t_string!(i18n, calendar.month_1),
        2 => t_string!(i18n, calendar.month_2),
        3 => t_string!(i18n, calendar.month_3),
        4 => t_string!(i18n, calendar.month_4),
        5 => t_string!(i18n, calendar.month_5),
        6 => t_string!(i18n, calendar.month_6),
        7 => t_string!(i18n, calendar.month_7),
        8 => t_string!(i18n, calendar.month_8),
        9 => t_string!(i18n, calendar.month_9),
        10 => t_string!(i18n, calendar.month_10),
        11 => t_string!(i18n, calendar.month_11),
        _ => t_string!(i18n, calendar.month_12),
    }
    .to_string()
}

/// `2 Dec 2026, 14:05` / `2. Dez. 2026, 14:05` in `zone`, or in UTC (marked) without one.
pub fn moment_text(i18n: I18n, zone: Option<&str>, ms: i64) -> String {
    let local = zone
        .filter(|z| !z.is_empty())
        .and_then(|z| wall_clock(ms, z));
    let clock = local.unwrap_or_else(|| WallClock::utc(ms));
    let text = t_string!(
        i18n,
        calendar.date_time,
        day = clock.day,
        month = month_name(i18n, clock.month),
        year = clock.year,
        time = format!("{:02}:{:02}", clock.hour, clock.minute)
    )
    .to_string();
    if local.is_some() {
        text
    } else {
        format!("{text} UTC")
    }
}

/// `Dec 2026` / `Dez. 2026`.
pub fn month_text(i18n: I18n, year: i64, month: u32) -> String {
    t_string!(
        i18n,
        calendar.month_year,
        month = month_name(i18n, month),
        year = year
    )
    .to_string()
}

/// A moment in the user's zone and language, as a `<time>` element.
#[component]
pub fn Moment(ms: i64) -> impl IntoView {
    let i18n = use_i18n();
    let zone = use_context::<UserTimeZone>();
    let text = move || {
        let zone = zone.and_then(|z| z.0.get());
        moment_text(i18n, zone.as_deref(), ms)
    };
    let utc = WallClock::utc(ms);
    let datetime = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}Z",
        utc.year, utc.month, utc.day, utc.hour, utc.minute
    );
    view! { <time datetime=datetime>{text}</time> }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_server_reads_wall_clocks_across_daylight_saving() {
        // 2026-07-01 12:00 UTC and 2026-12-01 12:00 UTC.
        let summer = wall_clock(1_782_907_200_000, "Europe/Berlin").unwrap();
        let winter = wall_clock(1_796_126_400_000, "Europe/Berlin").unwrap();
        assert_eq!((summer.hour, winter.hour), (14, 13));
        assert_eq!((summer.month, summer.day), (7, 1));
        assert_eq!(wall_clock(0, "Not/AZone"), None);
        assert_eq!(WallClock::utc(1_796_126_400_000).hour, 12);
    }
}
