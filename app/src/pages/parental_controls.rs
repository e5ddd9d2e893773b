use crate::api::parental::{
    BlockTitle, ConfirmPassword, LEVELS, ParentalControls, RemoveParentalPin, RemoveProfileLock,
    SetMaturity, SetParentalPin, SetProfileLock, UnblockTitle, load_parental_controls,
    suggest_titles,
};
use crate::components::alert::ErrorAlert;
use crate::components::session_guard::LoadError;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Parental controls of one profile, behind the account password. Every form saves at once:
/// the next request of every device already obeys it.
#[component]
pub fn ParentalControlsPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let confirm = ServerAction::<ConfirmPassword>::new();
    let changes = Changes::new();
    // Every save reloads the controls below; what is typed in the title search lives
    // here so that a save finishing meanwhile does not wipe it.
    let find = RwSignal::new(use_query_map().with_untracked(|q| q.get("find").unwrap_or_default()));
    let controls = Resource::new(
        move || (id, confirm.version().get(), changes.version()),
        |(id, _, _)| async move { load_parental_controls(id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <Title text="Parental controls" />
        <section class="page narrow parental">
            <p><a href="/account">"Account"</a></p>
            <Suspense>
                {move || Suspend::new(async move {
                    match controls.await {
                        Ok(c) => view! { <Controls c changes find /> }.into_any(),
                        Err(AppError::ReauthRequired) => view! {
                            <h1>"Parental controls"</h1>
                            <p>"Enter your account password to change parental controls."</p>
                            <ErrorAlert action=confirm />
                            <ActionForm action=confirm attr:class="stack">
                                <label for="gate-password">"Account password"</label>
                                <input id="gate-password" name="password" type="password" autocomplete="current-password" required />
                                <button type="submit" class="btn primary">"Continue"</button>
                            </ActionForm>
                        }
                            .into_any(),
                        Err(e) => view! { <LoadError error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The page's actions, so that any of them reloads what the page shows.
#[derive(Clone, Copy)]
struct Changes {
    maturity: ServerAction<SetMaturity>,
    block: ServerAction<BlockTitle>,
    unblock: ServerAction<UnblockTitle>,
    pin: ServerAction<SetParentalPin>,
    remove_pin: ServerAction<RemoveParentalPin>,
    lock: ServerAction<SetProfileLock>,
    unlock: ServerAction<RemoveProfileLock>,
}

impl Changes {
    fn new() -> Self {
        Self {
            maturity: ServerAction::new(),
            block: ServerAction::new(),
            unblock: ServerAction::new(),
            pin: ServerAction::new(),
            remove_pin: ServerAction::new(),
            lock: ServerAction::new(),
            unlock: ServerAction::new(),
        }
    }

    fn version(&self) -> usize {
        self.maturity.version().get()
            + self.block.version().get()
            + self.unblock.version().get()
            + self.pin.version().get()
            + self.remove_pin.version().get()
            + self.lock.version().get()
            + self.unlock.version().get()
    }
}

/// "Saved." once an action succeeded, announced politely.
#[component]
fn Saved<S>(action: ServerAction<S>, #[prop(into)] text: String) -> impl IntoView
where
    S: leptos::server_fn::ServerFn<Error = AppError, Output = ()> + Clone + Send + Sync + 'static,
{
    view! {
        {move || {
            action.value().with(|v| matches!(v, Some(Ok(())))).then(|| {
                let text = text.clone();
                view! { <p class="alert info" role="status">{text}</p> }
            })
        }}
    }
}

#[component]
fn Controls(c: ParentalControls, changes: Changes, find: RwSignal<String>) -> impl IntoView {
    let profile_id = c.profile.id;
    let name = c.profile.name.clone();
    let kids = c.profile.kids;
    let heading = format!("Parental controls for {name}");
    let legend = format!("{name} can watch titles rated");
    let blocked_note = format!(
        "Blocked titles never appear for {name} and cannot be played, whatever their rating."
    );
    let lock_note = if c.profile.locked {
        format!("{name} is locked: switching to it asks for its PIN.")
    } else {
        format!("Lock {name} with its own PIN, asked when switching to it.")
    };
    let blocked = c.blocked.clone();
    view! {
        <h1>{heading}</h1>

        <section class="card" aria-labelledby="maturity-title">
            <h2 id="maturity-title">"Maturity level"</h2>
            <ErrorAlert action=changes.maturity />
            <Saved action=changes.maturity text="Maturity level saved." />
            <ActionForm action=changes.maturity>
                <input type="hidden" name="profile_id" value=profile_id />
                <fieldset class="levels">
                    <legend>{legend}</legend>
                    {LEVELS
                        .iter()
                        .map(|(value, label)| {
                            let id = format!("level-{}", value.trim_end_matches('+'));
                            let over_kids = kids && !matches!(*value, "ALL" | "7+");
                            view! {
                                <p class="radio">
                                    <input
                                        type="radio"
                                        name="level"
                                        id=id.clone()
                                        value=*value
                                        checked=c.level == *value
                                        disabled=over_kids
                                    />
                                    <label for=id>{*label}</label>
                                </p>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <p class="hint">
                    {if kids {
                        "A kids profile never sees titles above its level."
                    } else {
                        "Titles above this level are hidden — or, when a PIN is set, ask for the PIN."
                    }}
                </p>
                <button type="submit" class="btn primary">"Save"</button>
            </ActionForm>
        </section>

        <section class="card" aria-labelledby="restrictions-title">
            <h2 id="restrictions-title">"Title restrictions"</h2>
            <p>{blocked_note}</p>
            <ErrorAlert action=changes.unblock />
            {if blocked.is_empty() {
                view! { <p class="hint">"No titles are blocked."</p> }.into_any()
            } else {
                view! {
                    <ul class="blocked" aria-label="Blocked titles">
                        {blocked
                            .into_iter()
                            .map(|t| {
                                let label = format!("Unblock {}", t.name);
                                view! {
                                    <li>
                                        <span>{format!("{} ({})", t.name, t.year)}</span>
                                        <ActionForm action=changes.unblock>
                                            <input type="hidden" name="profile_id" value=profile_id />
                                            <input type="hidden" name="title_id" value=t.id />
                                            <button type="submit" class="btn small" aria-label=label>"Remove"</button>
                                        </ActionForm>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            <BlockTitleSearch profile_id block=changes.block query=find />
        </section>

        <section class="card" aria-labelledby="pin-title">
            <h2 id="pin-title">"Parental-controls PIN"</h2>
            <p>
                {if c.pin_set {
                    "A PIN is set for the account. Titles above a profile's level ask for it."
                } else {
                    "No PIN is set. With a PIN, titles above a profile's level can be unlocked with it instead of being hidden."
                }}
            </p>
            <ErrorAlert action=changes.pin />
            <Saved action=changes.pin text="PIN saved." />
            <ActionForm action=changes.pin attr:class="stack">
                <label for="parental-pin">{if c.pin_set { "New 4-digit PIN" } else { "4-digit PIN" }}</label>
                <input
                    id="parental-pin"
                    name="pin"
                    type="password"
                    inputmode="numeric"
                    autocomplete="off"
                    aria-describedby="parental-pin-rules"
                    required
                />
                <p id="parental-pin-rules" class="hint">"Exactly 4 digits, 0 to 9. Letters are not allowed."</p>
                <button type="submit" class="btn primary">"Save PIN"</button>
            </ActionForm>
            {c.pin_set.then(|| view! {
                <ActionForm action=changes.remove_pin>
                    <button type="submit" class="btn">"Remove PIN"</button>
                </ActionForm>
            })}
        </section>

        <section class="card" aria-labelledby="lock-title">
            <h2 id="lock-title">"Profile lock"</h2>
            <p>{lock_note}</p>
            <ErrorAlert action=changes.lock />
            <Saved action=changes.lock text="Profile lock saved." />
            <ActionForm action=changes.lock attr:class="stack">
                <input type="hidden" name="profile_id" value=profile_id />
                <label for="lock-pin">"Profile PIN (4 digits)"</label>
                <input id="lock-pin" name="pin" type="password" inputmode="numeric" autocomplete="off" required />
                <button type="submit" class="btn primary">
                    {if c.profile.locked { "Change profile PIN" } else { "Lock profile" }}
                </button>
            </ActionForm>
            {c.profile.locked.then(|| view! {
                <ActionForm action=changes.unlock>
                    <input type="hidden" name="profile_id" value=profile_id />
                    <button type="submit" class="btn">"Remove lock"</button>
                </ActionForm>
            })}
        </section>
    }
}

/// Type a title's name; matching titles appear as you type (or on "Find" without
/// JavaScript), each with a button to block it.
#[component]
fn BlockTitleSearch(
    profile_id: i64,
    block: ServerAction<BlockTitle>,
    query: RwSignal<String>,
) -> impl IntoView {
    let typed = query.get_untracked();
    let suggestions = Resource::new(
        move || query.get(),
        move |q| async move {
            if q.trim().is_empty() {
                Ok(Vec::new())
            } else {
                suggest_titles(profile_id, q).await
            }
        },
    );
    view! {
        <form method="get" action="" class="find" role="search">
            <label for="block-title">"Block a title"</label>
            <input
                id="block-title"
                name="find"
                type="search"
                autocomplete="off"
                placeholder="Type a title's name"
                aria-describedby="block-title-count"
                aria-controls="block-title-results"
                value=typed
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            <button type="submit" class="btn">"Find"</button>
        </form>
        <ErrorAlert action=block />
        <Transition>
            {move || Suspend::new(async move {
                let found = suggestions.await.unwrap_or_default();
                let count = match (query.with_untracked(|q| q.trim().is_empty()), found.len()) {
                    (true, _) => String::new(),
                    (false, 0) => "No titles match.".to_string(),
                    (false, 1) => "1 title matches.".to_string(),
                    (false, n) => format!("{n} titles match."),
                };
                view! {
                    <p id="block-title-count" class="hint" role="status">{count}</p>
                    <ul id="block-title-results" class="suggestions">
                        {found
                            .into_iter()
                            .map(|t| {
                                let label = format!("Block {} ({})", t.name, t.year);
                                view! {
                                    <li>
                                        <ActionForm action=block>
                                            <input type="hidden" name="profile_id" value=profile_id />
                                            <input type="hidden" name="title_id" value=t.id />
                                            <button type="submit" class="btn small">{label}</button>
                                        </ActionForm>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        </Transition>
    }
}
