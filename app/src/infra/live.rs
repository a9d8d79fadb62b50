//! Text that grows while people watch it, such as a streaming reply. Its producer appends to
//! it; any number of viewers in this process follow it, each getting the text so far and then
//! its growth; a stop request reaches the producer through the same entry.
//!
//! This is only the fast path within one process. The producer also saves the text to the
//! database as it grows, which is what a viewer served by another process (or arriving after
//! the end) reads, so nothing depends on a viewer and its producer sharing a process.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

/// A live text as its viewers see it.
#[derive(Debug, Clone, Default)]
pub struct LiveText {
    pub text: String,
    /// The producer is done (its final state is in the database).
    pub finished: bool,
}

/// The live texts of this process, by record id.
#[derive(Clone, Default)]
pub struct LiveTexts {
    entries: Arc<Mutex<HashMap<String, Entry>>>,
}

struct Entry {
    text: watch::Sender<LiveText>,
    stop: watch::Sender<bool>,
}

impl LiveTexts {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        // A panic while holding this lock cannot leave a map half-updated.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers the text of record `id`, starting with `text`, for its one producer.
    pub fn start(&self, id: &str, text: String) -> Producer {
        let (text, _) = watch::channel(LiveText {
            text,
            finished: false,
        });
        let (stop, stop_rx) = watch::channel(false);
        self.entries().insert(
            id.to_string(),
            Entry {
                text: text.clone(),
                stop,
            },
        );
        Producer {
            id: id.to_string(),
            texts: self.clone(),
            text,
            stop: stop_rx,
        }
    }

    /// Follows the text of record `id` if this process produces it.
    pub fn follow(&self, id: &str) -> Option<watch::Receiver<LiveText>> {
        self.entries().get(id).map(|e| e.text.subscribe())
    }

    /// Asks the producer of record `id` to stop; whether it is in this process.
    pub fn stop(&self, id: &str) -> bool {
        match self.entries().get(id) {
            Some(entry) => {
                entry.stop.send_replace(true);
                true
            }
            None => false,
        }
    }

    /// How many texts are being produced here.
    pub fn len(&self) -> usize {
        self.entries().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The one writer of a live text. Dropping it marks the text finished and forgets it, so call
/// [`Producer::finish`] only once the final state is saved.
pub struct Producer {
    id: String,
    texts: LiveTexts,
    text: watch::Sender<LiveText>,
    stop: watch::Receiver<bool>,
}

impl Producer {
    pub fn append(&self, piece: &str) {
        self.text.send_modify(|t| t.text.push_str(piece));
    }

    /// The text so far.
    pub fn text(&self) -> String {
        self.text.borrow().text.clone()
    }

    pub fn stop_requested(&self) -> bool {
        *self.stop.borrow()
    }

    /// Resolves once a stop is requested (never, if none is).
    pub async fn stopped(&mut self) {
        if self.stop.wait_for(|stop| *stop).await.is_err() {
            std::future::pending::<()>().await;
        }
    }

    /// Marks the text finished for its viewers and forgets it.
    pub fn finish(self) {}
}

impl Drop for Producer {
    fn drop(&mut self) {
        self.text.send_modify(|t| t.finished = true);
        let mut entries = self.texts.entries();
        // Only this producer's entry: a newer one for the same id stays.
        if entries
            .get(&self.id)
            .is_some_and(|e| e.text.same_channel(&self.text))
        {
            entries.remove(&self.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn viewers_see_the_text_so_far_then_its_growth_and_the_end() {
        let texts = LiveTexts::default();
        let mut producer = texts.start("m1", "He".into());
        let mut viewer = texts.follow("m1").expect("live here");
        assert_eq!(viewer.borrow_and_update().text, "He");
        producer.append("llo");
        viewer.changed().await.unwrap();
        assert_eq!(viewer.borrow_and_update().text, "Hello");
        assert!(!producer.stop_requested());
        assert!(texts.stop("m1"));
        producer.stopped().await;
        assert!(producer.stop_requested());
        producer.finish();
        viewer.changed().await.unwrap();
        assert!(viewer.borrow().finished);
        assert!(texts.follow("m1").is_none() && texts.is_empty());
        assert!(!texts.stop("m1"), "nothing to stop once finished");
    }
}
