"""Texts: Hypotheses and learnings."""

MESSAGES = {
    "hypotheses.chart.mark": {"en": "Mark", "de": "Markierung"},
    "hypotheses.chart.other_release": {"en": "Other release in the window", "de": "Anderer Release im Zeitfenster"},
    "hypotheses.chart.other_release_note": {
        "en": "Shipped inside the measurement window: it may share the effect.",
        "de": "Im Messfenster ausgeliefert: Es kann an der Wirkung beteiligt sein.",
    },
    "hypotheses.title": {
        "en": "Hypotheses",
        "de": "Hypothesen",
    },
    "hypotheses.caption": {
        "en": "Every bet with the effect it promises, measured from the uploaded data.",
        "de": "Jede Wette mit der versprochenen Wirkung, gemessen an den hochgeladenen Daten.",
    },
    "hypotheses.empty": {
        "en": "No hypotheses yet. Write your first bet: “We believe that … will raise … by …”.",
        "de": "Noch keine Hypothesen. Schreiben Sie Ihre erste Wette: „Wir glauben, dass … … um … steigert.“",
    },
    "hypotheses.statement": {"en": "Hypothesis", "de": "Hypothese"},
    "hypotheses.expected": {"en": "Expected change", "de": "Erwartete Veränderung"},
    "hypotheses.outputs": {"en": "Outputs", "de": "Outputs"},
    "hypotheses.window": {"en": "Window (days)", "de": "Fenster (Tage)"},
    "learnings.title": {"en": "Learnings", "de": "Erkenntnisse"},
    "learnings.empty": {
        "en": "No learnings recorded yet. When a bet fails or stays unclear, it is listed above and a draft opens with one click; you can also write one yourself.",
        "de": "Noch keine Erkenntnisse festgehalten. Scheitert eine Wette oder bleibt sie unklar, steht sie oben und ein Entwurf ist mit einem Klick angelegt; Sie können auch selbst eine schreiben.",
    },
    "learnings.waiting.one": {
        "en": "**One bet failed or stayed unclear and has no learning yet.**",
        "de": "**Eine Wette ist gescheitert oder unklar geblieben und hat noch keine Erkenntnis.**",
    },
    "learnings.waiting.other": {
        "en": "**{count} bets failed or stayed unclear and have no learning yet.**",
        "de": "**{count} Wetten sind gescheitert oder unklar geblieben und haben noch keine Erkenntnis.**",
    },
    "learnings.open_drafts": {
        "en": "Open a learning draft for each",
        "de": "Für jede einen Erkenntnis-Entwurf anlegen",
    },
    # measurement texts (page and command line)
    "hypotheses.more": {"en": " and {count} more", "de": " und {count} weitere"},
    "hypotheses.and": {"en": " and ", "de": " und "},
    "hypotheses.missing_before.one": {
        "en": "1 value missing before the release",
        "de": "1 Wert fehlt vor dem Release",
    },
    "hypotheses.missing_before.other": {
        "en": "{count} values missing before the release",
        "de": "{count} Werte fehlen vor dem Release",
    },
    "hypotheses.missing_after.one": {
        "en": "1 value missing after the release",
        "de": "1 Wert fehlt nach dem Release",
    },
    "hypotheses.missing_after.other": {
        "en": "{count} values missing after the release",
        "de": "{count} Werte fehlen nach dem Release",
    },
    "hypotheses.warning.insufficient": {
        "en": 'Insufficient data: {missing}. The method needs at least {need} values after the release and four weeks of history before it.',
        "de": 'Zu wenige Daten: {missing}. Die Methode braucht mindestens {need} Werte nach dem Release und vier Wochen Vorgeschichte davor.',
    },
    "hypotheses.warning.other_outputs": {
        "en": 'Other outputs of the same team or tied to the same metric or key result shipped within {days} days of the release and may share the credit: {keys}.',
        "de": 'Weitere Outputs desselben Teams oder zu derselben Kennzahl bzw. demselben Key Result wurden innerhalb von {days} Tagen um das Release ausgeliefert und können an der Wirkung beteiligt sein: {keys}.',
    },
    "hypotheses.warning.guardrail": {
        "en": "Guardrail “{metric}” moved the wrong way: {change} (95 % interval {low} to {high}).",
        "de": "Leitplanke „{metric}“ hat sich in die falsche Richtung bewegt: {change} (95-%-Intervall {low} bis {high}).",
    },
    "hypotheses.warning.not_detectable": {
        "en": 'The expected change is smaller than what this metric’s noise lets the method detect in {days} days (about {mde}). A window of {suggested} days would be detectable.',
        "de": 'Die erwartete Veränderung ist kleiner als das, was die Methode bei dem Rauschen dieser Kennzahl in {days} Tagen erkennen kann (etwa {mde}). Ein Fenster von {suggested} Tagen wäre erkennbar.',
    },
    "hypotheses.warning.not_detectable_year": {
        "en": 'The expected change is smaller than what this metric’s noise lets the method detect in {days} days (about {mde}), and even a window of a year would not be enough. Bet on a larger effect or a less noisy metric.',
        "de": 'Die erwartete Veränderung ist kleiner als das, was die Methode bei dem Rauschen dieser Kennzahl in {days} Tagen erkennen kann (etwa {mde}), und selbst ein Fenster von einem Jahr würde nicht reichen. Setzen Sie auf eine größere Wirkung oder eine weniger verrauschte Kennzahl.',
    },
    "hypotheses.warning.too_few_values": {
        "en": 'This metric has about {count} values in {days} days, fewer than the {need} needed after the release. A window of {suggested} days would have enough.',
        "de": 'Diese Kennzahl hat etwa {count} Werte in {days} Tagen, weniger als die {need} nötigen nach dem Release. Ein Fenster von {suggested} Tagen hätte genug.',
    },
    "hypotheses.warning.window_too_short": {
        "en": "This metric has a value about every {period} days, so a {days}-day window can never hold the {need} values the method needs after the release. Set the window to {suggested} days, or leave it empty for the default.",
        "de": "Diese Kennzahl hat etwa alle {period} Tage einen Wert; ein {days}-Tage-Fenster enthält daher nie die {need} Werte, die die Methode nach dem Release braucht. Stellen Sie das Fenster auf {suggested} Tage oder lassen Sie es für den Standard leer.",
    },
    "hypotheses.warning.relative_not_meaningful": {
        "en": "No verdict: without the release the metric would be at or near zero, or small against its own noise, so a relative change means nothing here. Write the expectation as an absolute change instead (for example +300 or +2pp).",
        "de": "Kein Ergebnis: Ohne das Release läge die Kennzahl bei oder nahe null oder klein gegenüber ihrem eigenen Rauschen; eine relative Veränderung sagt hier nichts. Formulieren Sie die Erwartung stattdessen als absolute Veränderung (zum Beispiel +300 oder +2pp).",
    },
    "hypotheses.check.placebo": {
        "en": "Held back: the same method run on {date}, when nothing shipped, finds a change of {change} (95 % interval {low} to {high}). The history is too unstable to tell what the release did.",
        "de": "Zurückgehalten: Dieselbe Methode am {date}, als nichts ausgeliefert wurde, findet eine Veränderung von {change} (95-%-Intervall {low} bis {high}). Die Vorgeschichte ist zu unruhig, um die Wirkung des Release zu beurteilen.",
    },
    "hypotheses.check.spike_held": {
        "en": "Held back: {dates} stand far out from the rest of the window (a campaign or an outage?). Without them the change is {without}, with them {whole}, and the verdict would differ.",
        "de": "Zurückgehalten: {dates} weichen stark vom Rest des Fensters ab (eine Kampagne oder ein Ausfall?). Ohne diese Tage beträgt die Veränderung {without}, mit ihnen {whole}, und das Ergebnis wäre ein anderes.",
    },
    "hypotheses.check.spike": {
        "en": "{dates} stand far out from the rest of the window and are left out of the estimate (with them: {whole}); the verdict is the same either way.",
        "de": "{dates} weichen stark vom Rest des Fensters ab und bleiben in der Schätzung unberücksichtigt (mit ihnen: {whole}); das Ergebnis ist in beiden Fällen dasselbe.",
    },
    "hypotheses.check.autocorrelation": {
        "en": "Held back: this metric carries over strongly from one value to the next (lag-1 correlation {phi}), so the {days}-day window holds only about {effective} independent values. Measure over a longer window.",
        "de": "Zurückgehalten: Diese Kennzahl trägt sich stark von einem Wert zum nächsten fort (Autokorrelation {phi}); das {days}-Tage-Fenster enthält daher nur etwa {effective} unabhängige Werte. Messen Sie über ein längeres Fenster.",
    },
    "hypotheses.check.short_history": {
        "en": "Measured on {days} days of history before the release instead of the usual {default}; the interval is wider for it.",
        "de": "Gemessen mit {days} Tagen Vorgeschichte statt der üblichen {default}; das Intervall ist dadurch breiter.",
    },
    "hypotheses.check.no_placebo": {
        "en": "No placebo check: the data does not reach far enough before {date} to rerun the method where nothing shipped.",
        "de": "Keine Placebo-Prüfung: Die Daten reichen nicht weit genug vor den {date} zurück, um die Methode dort zu wiederholen, wo nichts ausgeliefert wurde.",
    },
    "hypotheses.check.ramp": {
        "en": "The effect ramped in: over the last two weeks of the window the change is {change} (95 % interval {low} to {high}), which reaches the promise.",
        "de": "Die Wirkung hat sich aufgebaut: In den letzten zwei Wochen des Fensters beträgt die Veränderung {change} (95-%-Intervall {low} bis {high}) und erreicht das Versprechen.",
    },
    "hypotheses.method.trend": {
        "en": "Measured against a counterfactual: level, trend{weekday} of the {history} days before the release, extrapolated over {window} days ({window_note}). The 95 % interval allows for day-to-day carry-over.",
        "de": "Gemessen an einer kontrafaktischen Fortschreibung: Niveau, Trend{weekday} der {history} Tage vor dem Release, fortgeschrieben über {window} Tage ({window_note}). Das 95-%-Intervall berücksichtigt die Fortwirkung von Tag zu Tag.",
    },
    "hypotheses.method.control": {
        "en": "Measured against a counterfactual that follows the control {control} over the same days (its ratio to the metric fitted on the {history} days before the release, with trend{weekday}), over {window} days ({window_note}). The 95 % interval allows for day-to-day carry-over.",
        "de": "Gemessen an einer kontrafaktischen Fortschreibung, die der Kontrollgruppe {control} über dieselben Tage folgt (ihr Verhältnis zur Kennzahl aus den {history} Tagen vor dem Release, mit Trend{weekday}), über {window} Tage ({window_note}). Das 95-%-Intervall berücksichtigt die Fortwirkung von Tag zu Tag.",
    },
    "hypotheses.method.weekday": {"en": " and weekday pattern", "de": " und Wochentagsmuster"},
    "hypotheses.method.window_auto": {"en": "the default for this data’s frequency", "de": "Standard für die Häufigkeit dieser Daten"},
    "hypotheses.method.window_set": {"en": "as set for this bet", "de": "wie für diese Wette festgelegt"},
    "hypotheses.method.control_segments": {"en": "segments {names}", "de": "Segmente {names}"},
    "hypotheses.method.control_metric": {"en": "metric “{name}”", "de": "Kennzahl „{name}“"},
    "hypotheses.form.window_auto": {"en": "default for the data", "de": "Standard für die Daten"},
    "hypotheses.form.window_help": {
        "en": "Leave empty for the default: 28 days for daily data, eight values for weekly or monthly data.",
        "de": "Leer lassen für den Standard: 28 Tage bei täglichen Daten, acht Werte bei wöchentlichen oder monatlichen Daten.",
    },
    "hypotheses.form.window_used": {
        "en": "Window: {days} days (the default for this metric’s data).",
        "de": "Fenster: {days} Tage (Standard für die Daten dieser Kennzahl).",
    },
    "hypotheses.form.control_segments": {"en": "Control segments (optional)", "de": "Kontrollsegmente (optional)"},
    "hypotheses.form.control_segments_placeholder": {
        "en": "Segments that did not get the release", "de": "Segmente, die das Release nicht bekommen haben",
    },
    "hypotheses.form.control_segments_none": {
        "en": "This metric has no other segments", "de": "Diese Kennzahl hat keine weiteren Segmente",
    },
    "hypotheses.form.control_metric": {"en": "Or a control metric (optional)", "de": "Oder eine Kontrollkennzahl (optional)"},
    "hypotheses.form.control_help": {
        "en": "A control shares the market and seasonal swings but did not get the release (a feature launched in DE only: FR and NL). The counterfactual then follows the control over the same days.",
        "de": "Eine Kontrollgruppe teilt Markt- und Saisonschwankungen, hat das Release aber nicht bekommen (ein Feature nur in DE: FR und NL). Die kontrafaktische Fortschreibung folgt dann der Kontrollgruppe über dieselben Tage.",
    },
    "hypotheses.form.control_both": {
        "en": "Choose control segments or a control metric, not both.",
        "de": "Wählen Sie Kontrollsegmente oder eine Kontrollkennzahl, nicht beides.",
    },
    "hypotheses.form.sign_used": {"en": "Measured as a change of {change}.", "de": "Gemessen als Veränderung um {change}."},
    "hypotheses.form.control_segments_pick_metric": {"en": "Choose a metric first", "de": "Wählen Sie zuerst eine Kennzahl"},
    "hypotheses.late": {"en": "Last two weeks", "de": "Letzte zwei Wochen"},
    "hypotheses.held_back": {"en": "held back", "de": "zurückgehalten"},
    "hypotheses.late_caption": {
        "en": "Last two weeks of the window: {change} (95 % interval {interval}).",
        "de": "Letzte zwei Wochen des Fensters: {change} (95-%-Intervall {interval}).",
    },
    "hypotheses.raw_verdict": {
        "en": "Without the checks the verdict would be “{verdict}”.",
        "de": "Ohne die Prüfungen lautete das Ergebnis „{verdict}“.",
    },
    "hypotheses.state.not_launched": {
        "en": "Not launched: the linked outputs have not all shipped yet.",
        "de": "Noch nicht gestartet: Nicht alle verknüpften Outputs sind ausgeliefert.",
    },
    "hypotheses.state.scheduled": {
        "en": "Release planned for {date}; measuring starts then.",
        "de": "Release geplant für {date}; danach beginnt die Messung.",
    },
    "hypotheses.state.measuring.one": {
        "en": "Measuring: the result is due after {date} (1 value after the release so far).",
        "de": "In Messung: Das Ergebnis liegt nach dem {date} vor (bisher 1 Wert nach dem Release).",
    },
    "hypotheses.state.measuring.other": {
        "en": "Measuring: the result is due after {date} ({count} values after the release so far).",
        "de": "In Messung: Das Ergebnis liegt nach dem {date} vor (bisher {count} Werte nach dem Release).",
    },
    "learnings.draft.title": {"en": "What we learned: {statement}", "de": "Was wir gelernt haben: {statement}"},
    "learnings.draft.happened": {
        "en": "Verdict: {verdict}. {metric} changed by {measured} (95 % interval {low} to {high}); we expected {expected}.",
        "de": "Ergebnis: {verdict}. {metric} hat sich um {measured} verändert (95-%-Intervall {low} bis {high}); erwartet waren {expected}.",
    },
    # page
    "hypotheses.tab_param": {"en": "tab", "de": "Reiter"},
    "hypotheses.tab.bets": {"en": "Bets", "de": "Wetten"},
    "hypotheses.tab.new": {"en": "New hypothesis", "de": "Neue Hypothese"},
    "hypotheses.tab.calibration": {"en": "Calibration", "de": "Kalibrierung"},
    "hypotheses.tab.let_go": {"en": "Let go ({count})", "de": "Losgelassen ({count})"},
    "hypotheses.measured": {"en": "Measured change", "de": "Gemessene Veränderung"},
    "hypotheses.interval": {"en": "95 % interval", "de": "95-%-Intervall"},
    "hypotheses.verdict": {"en": "Verdict", "de": "Ergebnis"},
    "hypotheses.verdict.none": {"en": "not yet", "de": "noch offen"},
    "hypotheses.release": {"en": "Release", "de": "Release"},
    "learnings.unknown_id": {
        "en": "There is no learning with the id “{value}”.",
        "de": "Es gibt keine Erkenntnis mit der Kennung „{value}“.",
    },
    "hypotheses.unknown_id": {
        "en": "There is no hypothesis with the id “{value}” (from the address bar). Pick one from the list below.",
        "de": "Es gibt keine Hypothese mit der ID „{value}“ (aus der Adresszeile). Wählen Sie eine aus der Liste unten.",
    },
    "hypotheses.detail.select": {"en": "Show the measurement of", "de": "Messung anzeigen für"},
    "hypotheses.not_shipped": {"en": "not shipped", "de": "nicht ausgeliefert"},
    "hypotheses.no_outputs": {"en": "no linked outputs", "de": "keine verknüpften Outputs"},
    "hypotheses.window_caption": {"en": "{days}-day window", "de": "{days}-Tage-Fenster"},
    "hypotheses.window_caption_auto": {"en": "{days}-day window (default)", "de": "{days}-Tage-Fenster (Standard)"},
    "hypotheses.because": {"en": "Because", "de": "Weil"},
    "hypotheses.stopped_because": {"en": "Stopped: {reason}", "de": "Gestoppt: {reason}"},
    "hypotheses.windows_caption": {
        "en": "{before} values of history and {after} after the release, {start} to {end}.",
        "de": "{before} Werte Vorgeschichte und {after} nach dem Release, {start} bis {end}.",
    },
    "hypotheses.no_data": {
        "en": "This metric has no values yet. Upload its time series on the Data page to measure the bet.",
        "de": "Für diese Kennzahl gibt es noch keine Werte. Laden Sie die Zeitreihe auf der Seite „Daten“ hoch, um die Wette zu messen.",
    },
    "hypotheses.sync.drafts.one": {
        "en": "A learning draft was opened for a bet that failed or stayed unclear.",
        "de": "Ein Erkenntnis-Entwurf für eine gescheiterte oder unklare Wette wurde angelegt.",
    },
    "hypotheses.sync.drafts.other": {
        "en": "{count} learning drafts opened for bets that failed or stayed unclear.",
        "de": "{count} Erkenntnis-Entwürfe für gescheiterte oder unklare Wetten angelegt.",
    },
    "hypotheses.detect.fill_in": {
        "en": "Choose a metric and type the expected change to see whether the window can detect it.",
        "de": "Wählen Sie eine Kennzahl und geben Sie die erwartete Veränderung ein, um zu sehen, ob das Fenster sie erkennen kann.",
    },
    "hypotheses.detect.no_history": {
        "en": "Not enough history of this metric yet to judge whether the change is detectable.",
        "de": "Noch zu wenig Verlauf dieser Kennzahl, um zu beurteilen, ob die Veränderung erkennbar ist.",
    },
    "hypotheses.detect.ok": {
        "en": "Detectable: measured over {days} days, changes from about {mde} stand out from this metric’s noise.",
        "de": "Erkennbar: Über {days} Tage gemessen, heben sich bei dieser Kennzahl Veränderungen ab etwa {mde} vom Rauschen ab.",
    },
    "hypotheses.edit": {"en": "Edit this hypothesis", "de": "Diese Hypothese bearbeiten"},
    "hypotheses.status.change": {"en": "Change the status", "de": "Status ändern"},
    "hypotheses.status.help": {
        "en": "The data decides shipped, measuring and the verdict. Set by hand only what data cannot decide: idea, planned or stopped.",
        "de": "Ausgeliefert, in Messung und das Ergebnis entscheiden die Daten. Von Hand setzen Sie nur, was Daten nicht entscheiden können: Idee, geplant oder gestoppt.",
    },
    "hypotheses.status.pick": {"en": "Choose a status first.", "de": "Wählen Sie zuerst einen Status."},
    "hypotheses.status.save": {"en": "Set status", "de": "Status setzen"},
    "hypotheses.status.saved": {"en": "Status set to “{status}”.", "de": "Status auf „{status}“ gesetzt."},
    "hypotheses.stop_reason": {"en": "Why stop it?", "de": "Warum stoppen?"},
    "hypotheses.stop_reason_placeholder": {
        "en": "e.g. the partner integration was cancelled",
        "de": "z. B. die Partner-Integration wurde abgesagt",
    },
    "hypotheses.stop_reason_required": {
        "en": "A stopped bet keeps its reason: please write why it is stopped.",
        "de": "Eine gestoppte Wette behält ihren Grund: Bitte schreiben Sie, warum sie gestoppt wird.",
    },
    # focus
    "hypotheses.focus.open_bets": {"en": "Open bets · {team}", "de": "Offene Wetten · {team}"},
    "hypotheses.focus.help": {
        "en": "Planned, shipped or measuring bets against the limit per team. Clarify priorities radically and let go of the rest.",
        "de": "Geplante, ausgelieferte oder in Messung befindliche Wetten gegenüber dem Limit je Team. Prioritäten radikal klären und den Rest loslassen.",
    },
    "hypotheses.focus.over": {"en": "{count} over the limit", "de": "{count} über dem Limit"},
    "hypotheses.focus.limit_button": {"en": "Focus limit", "de": "Fokus-Limit"},
    "hypotheses.focus.limit_label": {"en": "Open bets allowed per team", "de": "Erlaubte offene Wetten je Team"},
    "hypotheses.focus.limit_saved": {"en": "Focus limit set to {limit} open bets per team.", "de": "Fokus-Limit auf {limit} offene Wetten je Team gesetzt."},
    "hypotheses.focus.ask": {
        "en": "{team} already has {count} open bets (limit {limit}). Which bet do you stop to make room?",
        "de": "{team} hat bereits {count} offene Wetten (Limit {limit}). Welche Wette stoppen Sie, um Platz zu schaffen?",
    },
    "hypotheses.focus.which": {"en": "Bet to stop", "de": "Zu stoppende Wette"},
    "hypotheses.focus.pick": {"en": "Choose a bet", "de": "Wette wählen"},
    "hypotheses.focus.pick_and_reason": {
        "en": "Choose the bet to stop and write why.",
        "de": "Wählen Sie die zu stoppende Wette und schreiben Sie, warum.",
    },
    "hypotheses.focus.stop_and_save": {"en": "Stop it and save the new bet", "de": "Stoppen und neue Wette speichern"},
    "hypotheses.focus.stop_and_continue": {"en": "Stop it and plan this bet", "de": "Stoppen und diese Wette planen"},
    "hypotheses.focus.save_as_idea": {"en": "Save as an idea instead", "de": "Stattdessen als Idee speichern"},
    # form
    "hypotheses.form.intro": {
        "en": "**We believe that** [outputs] **will** [raise/lower] [metric] **by** [expected change] [for segment] **because** [reason].",
        "de": "**Wir glauben, dass** [Outputs] [Kennzahl] **um** [erwartete Veränderung] [für Segment] [steigern/senken] **wird, weil** [Grund].",
    },
    "hypotheses.form.outputs": {"en": "We believe that (outputs)", "de": "Wir glauben, dass (Outputs)"},
    "hypotheses.form.outputs_placeholder": {"en": "Link the work you ship", "de": "Verknüpfen Sie die ausgelieferte Arbeit"},
    "hypotheses.form.what": {"en": "… or describe the change", "de": "… oder beschreiben Sie die Änderung"},
    "hypotheses.form.what_placeholder": {"en": "e.g. a guided onboarding checklist", "de": "z. B. eine geführte Onboarding-Checkliste"},
    "hypotheses.form.what_required": {
        "en": "Link at least one output or describe the change.",
        "de": "Verknüpfen Sie mindestens einen Output oder beschreiben Sie die Änderung.",
    },
    "hypotheses.form.will": {"en": "will", "de": "wird"},
    "hypotheses.form.raise": {"en": "raise", "de": "steigern"},
    "hypotheses.form.lower": {"en": "lower", "de": "senken"},
    "hypotheses.form.metric_placeholder": {"en": "Choose the metric", "de": "Kennzahl wählen"},
    "hypotheses.form.expected": {"en": "by (expected change)", "de": "um (erwartete Veränderung)"},
    "hypotheses.form.expected_help": {
        "en": "Relative as `+15%`, percentage points as `-2pp` (for % metrics), absolute as `+300`. German notation works too: `+15 %`, `-2,5pp`.",
        "de": "Relativ als `+15 %`, Prozentpunkte als `-2pp` (für %-Kennzahlen), absolut als `+300`. Englische Schreibweise geht auch: `+15%`, `-2.5pp`.",
    },
    "hypotheses.form.expected_error.empty": {"en": "Type the expected change, e.g. +15%.", "de": "Geben Sie die erwartete Veränderung ein, z. B. +15 %."},
    "hypotheses.form.expected_error.not_number": {
        "en": "Cannot read this as a change. Write it as +15%, -2pp or +300.",
        "de": "Das lässt sich nicht als Veränderung lesen. Schreiben Sie z. B. +15 %, -2pp oder +300.",
    },
    "hypotheses.form.expected_error.zero": {"en": "The expected change must not be zero.", "de": "Die erwartete Veränderung darf nicht null sein."},
    "hypotheses.form.expected_error.pp_needs_percent": {
        "en": "Percentage points only fit metrics measured in %; this one is in {unit}. Use +15% or an absolute number.",
        "de": "Prozentpunkte passen nur zu Kennzahlen in %; diese wird in {unit} gemessen. Verwenden Sie +15 % oder eine absolute Zahl.",
    },
    "hypotheses.form.expected_error.sign": {
        "en": "The sign contradicts “raise”/“lower”. Leave the sign out or choose the other direction.",
        "de": "Das Vorzeichen widerspricht „steigern“/„senken“. Lassen Sie das Vorzeichen weg oder wählen Sie die andere Richtung.",
    },
    "hypotheses.form.segment": {"en": "for (segment, optional)", "de": "für (Segment, optional)"},
    "hypotheses.form.segment_placeholder": {"en": "e.g. Enterprise", "de": "z. B. Enterprise"},
    "hypotheses.form.reason": {"en": "because (reason)", "de": "weil (Grund)"},
    "hypotheses.form.reason_required": {
        "en": "Write why you believe it: the reason is what a learning builds on.",
        "de": "Schreiben Sie, warum Sie daran glauben: Auf dem Grund baut eine Erkenntnis auf.",
    },
    "hypotheses.form.key_result": {"en": "Key result (optional)", "de": "Key Result (optional)"},
    "hypotheses.form.guardrail": {"en": "Guardrail metric (optional)", "de": "Leitplanken-Kennzahl (optional)"},
    "hypotheses.form.optional": {"en": "none", "de": "keine"},
    "hypotheses.form.save": {"en": "Save hypothesis", "de": "Hypothese speichern"},
    "hypotheses.form.saved": {"en": "Saved: {statement}", "de": "Gespeichert: {statement}"},
    "hypotheses.form.duplicate": {
        "en": "A hypothesis with this statement exists already. Change the wording.",
        "de": "Eine Hypothese mit dieser Aussage gibt es bereits. Ändern Sie die Formulierung.",
    },
    "hypotheses.form.invalid": {"en": "Not valid: {problem}", "de": "Ungültig: {problem}"},
    "hypotheses.form.read_only": {
        "en": "You are viewing read-only: ask an editor to write new hypotheses.",
        "de": "Sie sehen diese Seite nur lesend: Bitten Sie eine Person mit Bearbeitungsrechten, neue Hypothesen zu schreiben.",
    },
    "hypotheses.form.unknown_segment": {
        "en": "This metric has no data for the segment “{segment}” yet, so the bet cannot be measured. Segments with data: {known}.",
        "de": "Für das Segment „{segment}“ hat diese Kennzahl noch keine Daten; die Wette ließe sich nicht messen. Segmente mit Daten: {known}.",
    },
    "hypotheses.form.no_metrics": {
        "en": "A hypothesis bets on a metric, and there are none yet. Upload metric data on the Data page first.",
        "de": "Eine Hypothese setzt auf eine Kennzahl, und es gibt noch keine. Laden Sie zuerst Kennzahldaten auf der Seite „Daten“ hoch.",
    },
    "hypotheses.form.sentence": {
        "en": "We believe that {what} will {verb} {metric} by {expected} because {reason}.",
        "de": "Wir glauben, dass {what} {metric} um {expected} {verb} wird, weil {reason}.",
    },
    "hypotheses.form.sentence_segment": {
        "en": "We believe that {what} will {verb} {metric} by {expected} for {segment} because {reason}.",
        "de": "Wir glauben, dass {what} {metric} um {expected} für {segment} {verb} wird, weil {reason}.",
    },
    "hypotheses.form.verb_raise": {"en": "raise", "de": "steigern"},
    "hypotheses.form.verb_lower": {"en": "lower", "de": "senken"},
    # let go, calibration
    "hypotheses.let_go.empty": {
        "en": "Nothing let go yet. When a team goes over its focus limit, the bet it stops lands here with its reason.",
        "de": "Noch nichts losgelassen. Wenn ein Team sein Fokus-Limit überschreitet, landet die gestoppte Wette hier mit ihrem Grund.",
    },
    "hypotheses.let_go.when": {"en": "Stopped on", "de": "Gestoppt am"},
    "hypotheses.calibration.empty": {
        "en": "No measured bets yet. Calibration appears once a linked output has shipped and its window has passed.",
        "de": "Noch keine gemessenen Wetten. Die Kalibrierung erscheint, sobald ein verknüpfter Output ausgeliefert und sein Fenster vorbei ist.",
    },
    "hypotheses.calibration.measured": {"en": "Measured", "de": "Gemessen"},
    "hypotheses.calibration.hit_rate": {"en": "Hit rate", "de": "Trefferquote"},
    "hypotheses.calibration.delivered": {"en": "Share of promise delivered (median)", "de": "Anteil des Versprochenen (Median)"},
    "hypotheses.calibration.explain": {
        "en": "Hit rate = (validated + partial) / measured. Share of promise delivered: measured change divided by the expected one; 100 % means the team predicts its effects well.",
        "de": "Trefferquote = (bestätigt + teilweise) / gemessen. Anteil des Versprochenen: gemessene geteilt durch erwartete Veränderung; 100 % heißt, das Team schätzt seine Wirkung gut ein.",
    },
    "hypotheses.calibration.chart_title": {"en": "Expected against measured change", "de": "Erwartete gegen gemessene Veränderung"},
    "hypotheses.calibration.chart_subtitle": {
        "en": "Relative to the mean before the release; bars show the 95 % interval; on the dashed line the bet delivered exactly what it promised.",
        "de": "Relativ zum Mittelwert vor dem Release; Balken zeigen das 95-%-Intervall; auf der gestrichelten Linie hielt die Wette genau, was sie versprach.",
    },
    "hypotheses.calibration.expected_axis": {"en": "Expected change", "de": "Erwartete Veränderung"},
    "hypotheses.calibration.measured_axis": {"en": "Measured change", "de": "Gemessene Veränderung"},
    # chart
    "hypotheses.chart.title": {"en": "{metric} around the release", "de": "{metric} rund um das Release"},
    "hypotheses.chart.title_history": {"en": "{metric}: recent history", "de": "{metric}: jüngster Verlauf"},
    "hypotheses.chart.history": {"en": "Recent history; windows appear once the linked outputs ship.", "de": "Jüngster Verlauf; die Fenster erscheinen, sobald die verknüpften Outputs ausgeliefert sind."},
    "hypotheses.chart.subtitle": {
        "en": "Actual values against what the metric would have done without the release (dashed, with its 95 % band after the release).",
        "de": "Tatsächliche Werte gegen das, was die Kennzahl ohne das Release getan hätte (gestrichelt, nach dem Release mit 95-%-Band).",
    },
    "hypotheses.chart.waiting": {
        "en": "The counterfactual appears once the after window has passed and holds enough values.",
        "de": "Die kontrafaktische Fortschreibung erscheint, sobald das Fenster nach dem Release vorbei ist und genug Werte hat.",
    },
    "hypotheses.chart.actual": {"en": "Actual", "de": "Tatsächlich"},
    "hypotheses.chart.counterfactual": {"en": "Without the release (counterfactual)", "de": "Ohne das Release (kontrafaktisch)"},
    "hypotheses.chart.band": {"en": "95 % band", "de": "95-%-Band"},
    "hypotheses.chart.spike": {"en": "left out as a spike", "de": "als Ausreißer nicht berücksichtigt"},
    "hypotheses.chart.note": {"en": "Note", "de": "Hinweis"},
    "hypotheses.chart.units": {"en": "metric units", "de": "Einheiten der Kennzahl"},
    "hypotheses.chart.cumulative": {"en": "Effect so far", "de": "Wirkung bisher"},
    "hypotheses.chart.cumulative_axis": {"en": "Effect so far", "de": "Wirkung bisher"},
    "hypotheses.chart.cumulative_title": {"en": "Cumulative effect since the release", "de": "Kumulierte Wirkung seit dem Release"},
    "hypotheses.chart.cumulative_subtitle": {
        "en": "From the release up to each day, with its 95 % band; clear of zero is a real effect. Green dashes: the promise.",
        "de": "Vom Release bis zum jeweiligen Tag, mit 95-%-Band; ohne Berührung der Null eine echte Wirkung. Grün gestrichelt: das Versprechen.",
    },
    "hypotheses.chart.release": {"en": "Release", "de": "Release"},
    # learnings
    "learnings.believed": {"en": "What we believed:", "de": "Was wir glaubten:"},
    "learnings.happened": {"en": "What happened:", "de": "Was passiert ist:"},
    "learnings.next_time": {"en": "What we do differently:", "de": "Was wir anders machen:"},
    "learnings.supports": {"en": "Supported by:", "de": "Gestützt durch:"},
    "learnings.contradicts": {"en": "Contradicted by:", "de": "Widersprochen durch:"},
    "learnings.pick": {"en": "Learning", "de": "Erkenntnis"},
    "learnings.edit": {"en": "Edit this learning", "de": "Diese Erkenntnis bearbeiten"},
    "learnings.linked": {"en": "Linked bets", "de": "Verknüpfte Wetten"},
    "hypotheses.form.outputs_search": {"en": "Find outputs", "de": "Outputs finden"},
    "hypotheses.form.outputs_search_placeholder": {
        "en": "Key or title; the team's newest are listed", "de": "Schlüssel oder Titel; die neuesten des Teams stehen zur Wahl",
    },
    "learnings.new": {"en": "Write a learning", "de": "Erkenntnis festhalten"},
    "learnings.saved": {"en": "Learning saved: {title}", "de": "Erkenntnis gespeichert: {title}"},
    "learnings.both_relations": {
        "en": "A hypothesis cannot both support and contradict the same learning.",
        "de": "Eine Hypothese kann dieselbe Erkenntnis nicht zugleich stützen und ihr widersprechen.",
    },
    "learnings.title_required": {"en": "Give the learning a title.", "de": "Geben Sie der Erkenntnis einen Titel."},
    # import
    "import.problem.hypotheses_missing_columns": {
        "en": "This hypotheses sheet lacks required columns: {expected} (found: {found}).",
        "de": "Diesem Hypothesen-Blatt fehlen Pflichtspalten: {expected} (gefunden: {found}).",
    },
    "import.problem.hypotheses_unknown_metric": {
        "en": "There is no metric called “{found}”. Import its data or definition first, or fix the name.",
        "de": "Es gibt keine Kennzahl „{found}“. Importieren Sie zuerst ihre Daten oder Definition, oder korrigieren Sie den Namen.",
    },
    "import.problem.hypotheses_control_same_metric": {
        "en": "The control metric “{found}” is the measured metric itself; name another metric or control segments.",
        "de": "Die Kontrollkennzahl „{found}“ ist die gemessene Kennzahl selbst; nennen Sie eine andere Kennzahl oder Kontrollsegmente.",
    },
    "import.problem.hypotheses_control_both": {
        "en": "Name control segments ({found}) or a control metric, not both.",
        "de": "Nennen Sie Kontrollsegmente ({found}) oder eine Kontrollkennzahl, nicht beides.",
    },
    "import.problem.hypotheses_unknown_output": {
        "en": "Unknown output keys: {found}. Import the outputs first, or fix the keys.",
        "de": "Unbekannte Output-Schlüssel: {found}. Importieren Sie zuerst die Outputs, oder korrigieren Sie die Schlüssel.",
    },
    "import.problem.hypotheses_unknown_key_result": {
        "en": "There is no key result called “{found}”.",
        "de": "Es gibt kein Key Result „{found}“.",
    },
    "import.problem.hypotheses_expected_empty": {
        "en": "The expected change is empty; write it as +15%, -2pp or +300.",
        "de": "Die erwartete Veränderung ist leer; schreiben Sie sie als +15 %, -2pp oder +300.",
    },
    "import.problem.hypotheses_expected_not_number": {
        "en": "“{found}” cannot be read as a change; write it as +15%, -2pp or +300.",
        "de": "„{found}“ lässt sich nicht als Veränderung lesen; schreiben Sie sie als +15 %, -2pp oder +300.",
    },
    "import.problem.hypotheses_expected_zero": {
        "en": "The expected change must not be zero.",
        "de": "Die erwartete Veränderung darf nicht null sein.",
    },
    "import.problem.hypotheses_expected_pp_needs_percent": {
        "en": "“{found}” is in percentage points, but the metric is measured in {unit}; use % or an absolute number.",
        "de": "„{found}“ ist in Prozentpunkten, die Kennzahl wird aber in {unit} gemessen; verwenden Sie % oder eine absolute Zahl.",
    },
    "import.problem.hypotheses_bad_window": {
        "en": "“{found}” is not a window; expected whole days from 7 to 365.",
        "de": "„{found}“ ist kein gültiges Fenster; erwartet werden ganze Tage von 7 bis 365.",
    },
    "import.problem.hypotheses_too_long": {
        "en": "“{found}” is too long for this column.",
        "de": "„{found}“ ist zu lang für diese Spalte.",
    },
    "data.role.hypotheses_statement": {"en": "hypothesis", "de": "Hypothese"},
    "data.role.hypotheses_metric": {"en": "metric", "de": "Kennzahl"},
    "data.role.hypotheses_expected_change": {"en": "expected change", "de": "erwartete Veränderung"},
    "data.role.hypotheses_outputs": {"en": "outputs", "de": "Outputs"},
    "data.role.hypotheses_window_days": {"en": "window days", "de": "Fenster (Tage)"},
    "data.role.hypotheses_key_result": {"en": "key result", "de": "Key Result"},
    "data.role.hypotheses_guardrail": {"en": "guardrail", "de": "Leitplanke"},
    "data.role.hypotheses_control_segments": {"en": "control segments", "de": "Kontrollsegmente"},
    "data.role.hypotheses_control_metric": {"en": "control metric", "de": "Kontrollkennzahl"},
    "data.role.hypotheses_status": {"en": "status", "de": "Status"},
    "data.role.hypotheses_team": {"en": "team", "de": "Team"},
    "data.role.hypotheses_segment": {"en": "segment", "de": "Segment"},
    "data.role.hypotheses_reason": {"en": "reason", "de": "Grund"},
    "data.role.hypotheses_stop_reason": {"en": "stop reason", "de": "Stoppgrund"},
    "hypotheses.delete.title": {"en": "Delete this hypothesis", "de": "Diese Hypothese löschen"},
    "hypotheses.delete.help": {
        "en": "Deleting removes the bet and its links to outputs; learnings stay. To keep the record of a bet you let go, stop it instead.",
        "de": "Löschen entfernt die Wette und ihre Verknüpfungen zu Outputs; Erkenntnisse bleiben. Um eine aufgegebene Wette festzuhalten, stoppen Sie sie stattdessen.",
    },
    "hypotheses.delete.confirm": {"en": "Yes, delete this hypothesis", "de": "Ja, diese Hypothese löschen"},
    "hypotheses.delete.submit": {"en": "Delete", "de": "Löschen"},
    "hypotheses.delete.need_confirm": {
        "en": "Tick the confirmation box to delete.",
        "de": "Setzen Sie zum Löschen das Häkchen zur Bestätigung.",
    },
    "hypotheses.delete.done": {"en": "Deleted “{statement}”.", "de": "„{statement}“ gelöscht."},
}
