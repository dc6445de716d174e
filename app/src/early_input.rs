//! What a person typed or chose before the page came alive. The Wasm starts only once the browser is idle
//! after the first paint (and a lazy page waits for its pieces too), so on a slow phone someone may type a
//! phone number or pick a filter into the server's HTML first. Hydrating sets every bound control to its
//! signal's initial value, which would wipe that out; this notes it beforehand (and while hydration is
//! under way) and puts back whatever hydration overwrote, announcing it as typing would so that the
//! page's signals follow.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::{document, set_timeout};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, EventInit, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

/// A control's state, as the person left it.
#[derive(Clone, PartialEq, Debug)]
enum Entry {
    Value(String),
    Checked(bool),
}

/// Controls are found again by id, or (radio buttons and check boxes in a group) by name and value.
type Changes = Rc<RefCell<HashMap<String, Entry>>>;

/// Watches the controls under `root` from now until a while after [`Watch::restore`].
pub struct Watch {
    changes: Changes,
    /// Set once the page is live: from then on a change the person makes is theirs to keep, and the
    /// control is no longer put back.
    live: Rc<Cell<bool>>,
    listener: Closure<dyn Fn(Event)>,
    root: Element,
}

impl Watch {
    /// Notes every control already changed from what the server sent, and every change made from now on.
    pub fn start(root: Element) -> Self {
        let changes: Changes = Rc::default();
        if let Ok(controls) = root.query_selector_all("input, textarea, select") {
            for i in 0..controls.length() {
                if let Some(control) = controls.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    if let Some((key, entry)) = changed_from_default(&control) {
                        changes.borrow_mut().insert(key, entry);
                    }
                }
            }
        }
        let live = Rc::new(Cell::new(false));
        let (noted, after_hydration) = (changes.clone(), live.clone());
        let listener = Closure::<dyn Fn(Event)>::new(move |event: Event| {
            let Some(control) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            if let Some((key, entry)) = current(&control) {
                if after_hydration.get() {
                    noted.borrow_mut().remove(&key);
                } else {
                    noted.borrow_mut().insert(key, entry);
                }
            }
        });
        for kind in ["input", "change"] {
            // Capturing, so a handler that stops the event cannot hide it.
            let _ = root.add_event_listener_with_callback_and_bool(
                kind,
                listener.as_ref().unchecked_ref(),
                true,
            );
        }
        Watch {
            changes,
            live,
            listener,
            root,
        }
    }

    /// Puts back what hydration overwrote, for as long as hydration may still be going on: the page's
    /// future resolves before its suspended parts (the filters waiting for their lists) have hydrated,
    /// and those overwrite their controls some frames later. So each change is looked for now and again
    /// every [`SETTLE_STEP`] for [`SETTLE_STEPS`] steps and put back once, when it has been overwritten;
    /// a control the person changes in the meantime is left to them.
    pub fn restore(self) {
        self.live.set(true);
        self.put_back();
        settle(self, SETTLE_STEPS);
    }

    fn put_back(&self) {
        // Taken out first: putting a change back fires events, which reach the listener.
        let due: Vec<(Element, Entry)> = {
            let mut changes = self.changes.borrow_mut();
            let overwritten: Vec<(String, Element)> = changes
                .iter()
                .filter_map(|(key, entry)| {
                    let control = find(key)?;
                    let now = current(&control).map(|(_, now)| now);
                    (now.as_ref() != Some(entry)).then(|| (key.clone(), control))
                })
                .collect();
            overwritten
                .into_iter()
                .filter_map(|(key, control)| Some((control, changes.remove(&key)?)))
                .collect()
        };
        // A radio group is put back the way a tap changes it: the others unchecked first, silently (a
        // browser tells only of the radio that becomes checked, and a page's handler may take any
        // `change` of a radio to mean "this one"), then the chosen one, announced.
        let mut due = due;
        due.sort_by_key(|(_, entry)| matches!(entry, Entry::Checked(true)));
        for (control, entry) in due {
            match entry {
                Entry::Value(value) => {
                    if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
                        input.set_value(&value);
                        announce(&control, "input");
                    } else if let Some(area) = control.dyn_ref::<HtmlTextAreaElement>() {
                        area.set_value(&value);
                        announce(&control, "input");
                    } else if let Some(select) = control.dyn_ref::<HtmlSelectElement>() {
                        select.set_value(&value);
                        announce(&control, "change");
                    }
                }
                Entry::Checked(checked) => {
                    if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
                        input.set_checked(checked);
                        if checked || input.type_() != "radio" {
                            announce(&control, "change");
                        }
                    }
                }
            }
        }
    }

    fn stop(self) {
        for kind in ["input", "change"] {
            let _ = self.root.remove_event_listener_with_callback_and_bool(
                kind,
                self.listener.as_ref().unchecked_ref(),
                true,
            );
        }
    }
}

const SETTLE_STEP: Duration = Duration::from_millis(200);
const SETTLE_STEPS: u32 = 10;

fn settle(watch: Watch, steps_left: u32) {
    if steps_left == 0 || watch.changes.borrow().is_empty() {
        watch.stop();
        return;
    }
    set_timeout(
        move || {
            watch.put_back();
            settle(watch, steps_left - 1);
        },
        SETTLE_STEP,
    );
}

/// The key and state of a control the person can change, or nothing for the rest (hidden fields,
/// buttons, files, controls that cannot be found again).
fn current(control: &Element) -> Option<(String, Entry)> {
    if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
        return match input.type_().as_str() {
            "hidden" | "submit" | "button" | "reset" | "image" | "file" => None,
            "checkbox" | "radio" => {
                let key = if input.id().is_empty() {
                    let (name, value) = (input.name(), input.value());
                    (plain(&name) && plain(&value)).then(|| format!("{name}={value}"))?
                } else {
                    format!("#{}", input.id())
                };
                Some((key, Entry::Checked(input.checked())))
            }
            _ => id_key(control).map(|key| (key, Entry::Value(input.value()))),
        };
    }
    if let Some(area) = control.dyn_ref::<HtmlTextAreaElement>() {
        return id_key(control).map(|key| (key, Entry::Value(area.value())));
    }
    if let Some(select) = control.dyn_ref::<HtmlSelectElement>() {
        return id_key(control).map(|key| (key, Entry::Value(select.value())));
    }
    None
}

/// [`current`], if it differs from what the server sent.
fn changed_from_default(control: &Element) -> Option<(String, Entry)> {
    let changed = if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
        input.value() != input.default_value() || input.checked() != input.default_checked()
    } else if let Some(area) = control.dyn_ref::<HtmlTextAreaElement>() {
        area.default_value()
            .is_ok_and(|default| area.value() != default)
    } else if let Some(select) = control.dyn_ref::<HtmlSelectElement>() {
        // Without a `selected` attribute the browser shows the first option: that is the default too.
        let options = select.options();
        let default = (0..options.length())
            .find(|&i| {
                options
                    .item(i)
                    .and_then(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
                    .is_some_and(|o| o.default_selected())
            })
            .unwrap_or(0);
        i32::try_from(default).is_ok_and(|default| select.selected_index() != default)
    } else {
        false
    };
    if changed {
        current(control)
    } else {
        None
    }
}

fn id_key(control: &Element) -> Option<String> {
    let id = control.id();
    (!id.is_empty()).then(|| format!("#{id}"))
}

/// Names and values that can go into a selector unescaped.
fn plain(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn find(key: &str) -> Option<Element> {
    match key.strip_prefix('#') {
        Some(id) => document().get_element_by_id(id),
        None => {
            let (name, value) = key.split_once('=')?;
            document()
                .query_selector(&format!("input[name=\"{name}\"][value=\"{value}\"]"))
                .ok()
                .flatten()
        }
    }
}

/// Fires the event typing or choosing would have fired, bubbling as the real one does (Leptos listens
/// for some events once, at the document).
fn announce(control: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = Event::new_with_event_init_dict(kind, &init) {
        let _ = control.dispatch_event(&event);
    }
}
