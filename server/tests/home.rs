//! The home page's lists, which the server renders as HTML for the page: the user's own newest
//! work, escaped, in the asked language and the user's time zone.

mod common;

use app::auth::api::SetTimeZone;
use app::home::api::HomeLists;
use app::sketches::api::SaveSketch;
use app::sketches::SketchForm;
use app::ui::time::wall_clock;
use shared::locale::Language;

both_backends!(
    home_lists_show_the_users_newest_work_as_escaped_html,
    [],
    |app| async move {
        let mia = app.admin("mia@example.org").await;
        let other = app.member("other@example.org").await;
        let empty = mia
            .run_ok(HomeLists {
                language: Language::En,
            })
            .await;
        assert!(empty.contains("No songs yet."), "{empty}");

        let sketch = mia
            .run_ok(SaveSketch {
                sketch: SketchForm {
                    title: "<b>Night & Day</b>".into(),
                    prompt: "synth pop".into(),
                    ..Default::default()
                },
            })
            .await;
        other
            .run_ok(SaveSketch {
                sketch: SketchForm {
                    title: "Someone else's".into(),
                    prompt: "folk".into(),
                    ..Default::default()
                },
            })
            .await;
        mia.run_ok(SetTimeZone {
            time_zone: "Asia/Tokyo".into(),
        })
        .await;

        let german = mia
            .run_ok(HomeLists {
                language: Language::De,
            })
            .await;
        assert!(german.contains("Zuletzt geänderte Skizzen"), "{german}");
        assert!(german.contains("Noch keine Songs."), "{german}");
        assert!(
            german.contains("&lt;b&gt;Night &amp; Day&lt;/b&gt;"),
            "escaped: {german}"
        );
        assert!(!german.contains("<b>"), "no markup from a title: {german}");
        assert!(
            german.contains(&format!("/sketches?id={}", sketch.id)),
            "{german}"
        );
        assert!(
            !german.contains("Someone else"),
            "only the user's own work: {german}"
        );
        let tokyo = wall_clock(sketch.updated_at, "Asia/Tokyo").unwrap();
        let time = format!("{:02}:{:02}", tokyo.hour, tokyo.minute);
        assert!(
            german.contains(&time),
            "the time in the user's zone ({time}): {german}"
        );
        assert!(!german.contains("UTC"), "{german}");
        app
    }
);
