"""Every page for each role, the sign-in form, the Admin page and OpenID Connect, through AppTest."""

from __future__ import annotations

import pytest
from conftest import ROOT
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from dashboard import auth, config
from dashboard.models import AppUser, AuditEvent, Objective

PAGES = ["streamlit_app.py", "pages/1_Objectives.py", "pages/2_Hypotheses.py", "pages/3_Outputs.py",
         "pages/4_Data.py", "pages/5_Review.py", "pages/6_Settings.py", "pages/7_Admin.py"]
# Buttons that only move around (open an objective, present the review), build the review's deck, or sign
# out; anything else changes something.
READ_ONLY_BUTTONS = ("auth.sign_out", "objectives.open.", "review.present", "review.deck.", "present-")
READ_ONLY_DOWNLOADS = ("objectives.export",)  # the OKR sheet is a report, not raw data

PASSWORDS = {"Vera": "viewer password", "Eddi": "editor password", "Ada": "admin password"}


@pytest.fixture(scope="module")
def _hashes() -> dict[str, str]:
    return {name: auth.hash_password(pw) for name, pw in PASSWORDS.items()}


@pytest.fixture
def signed_in_app(demo_app_db, tmp_path, monkeypatch, _hashes):
    """The demo workspace with sign-in by password: Vera views, Eddi edits, Ada administers."""
    roles = {"Vera": "viewer", "Eddi": "editor", "Ada": "admin"}
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("".join(f'[users.{n}]\nrole = "{roles[n]}"\npassword_hash = "{_hashes[n]}"\n\n' for n in roles),
                       encoding="utf-8")
    monkeypatch.setenv("OUTCOMES_AUTH", "password")
    monkeypatch.setenv("OUTCOMES_SECRETS", str(secrets))
    config.settings.cache_clear()
    yield demo_app_db
    config.settings.cache_clear()


def open_as(page: str, name: str | None, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    if name:
        at.session_state["auth.user"] = name
    at.query_params["lang"] = lang
    at.run()
    if page != "streamlit_app.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def writing_controls(at: AppTest) -> list[str]:
    """Every control on the page that could change something."""
    found = [f"button {b.key}" for b in at.button if not str(b.key).startswith(READ_ONLY_BUTTONS)]
    found += [f"download {d.key}" for d in at.get("download_button")
              if not str(getattr(d, "key", "") or d.proto.id).endswith(READ_ONLY_DOWNLOADS)
              and "objectives.export" not in str(d.proto.id)]
    found += [f"{kind}" for kind in ("file_uploader", "data_editor", "text_area", "number_input", "checkbox",
                                     "date_input", "toggle", "slider") if at.get(kind)]
    found += [f"form submit {b.key}" for b in at.get("form_submit_button")]
    return found


@pytest.mark.parametrize("page", PAGES)
def test_a_viewer_sees_every_page_but_nothing_that_writes(signed_in_app, page):
    at = open_as(page, "Vera")
    assert writing_controls(at) == []
    assert any("Signed in as Vera (viewer)" in c.value for c in at.sidebar.caption)
    menu = [link.proto.page for link in at.sidebar.get("page_link")]
    assert "Objectives" in menu and "Settings" not in menu and "Admin" not in menu
    if page.endswith(("6_Settings.py", "7_Admin.py")):
        assert "This page is for the role admin" in at.info[0].value
    else:
        assert not any("This page is for the role" in i.value for i in at.info)
        # the tables' own CSV download is hidden for viewers
        assert any("Download as CSV" in h.proto.body for h in at.get("html"))


def test_an_editor_edits_but_does_not_manage_or_delete(signed_in_app):
    at = open_as("pages/1_Objectives.py", "Eddi")
    assert at.get("form_submit_button"), "editors get the objective forms"
    assert not [b for b in at.get("form_submit_button") if "delete" in str(b.proto.id)]
    for page in ("pages/6_Settings.py", "pages/7_Admin.py"):
        locked = open_as(page, "Eddi", lang="de")
        assert "Diese Seite ist für die Rolle Admin" in locked.info[0].value
        assert not locked.get("form_submit_button") and not locked.text_input
    data = open_as("pages/4_Data.py", "Eddi")
    assert data.get("file_uploader"), "editors import files"


def test_an_admin_sees_the_admin_parts(signed_in_app):
    from dashboard.importers.service import import_file

    settings = open_as("pages/6_Settings.py", "Ada")
    assert settings.get("form_submit_button")
    import_file(b"date,metric,value\n2026-11-01,Signups,10\n", "signups.csv", engine=signed_in_app, user="Eddi")
    assert not [b for b in open_as("pages/4_Data.py", "Eddi").button if "undo" in str(b.key)]
    data = open_as("pages/4_Data.py", "Ada")
    assert [b for b in data.button if "undo" in str(b.key)]
    admin = open_as("pages/7_Admin.py", "Ada")
    assert [t.label for t in admin.tabs] == ["Audit trail", "People and roles"]
    menu = [link.proto.page for link in admin.sidebar.get("page_link")]
    assert {"Settings", "Admin"} <= set(menu)


def test_an_editors_change_carries_their_name(signed_in_app):
    at = open_as("pages/1_Objectives.py", "Eddi")
    at.text_input(key="objectives.form.title").set_value("Win the DACH market")
    at.selectbox(key="objectives.form.period").set_value("2027-Q1")
    _click_submit(at, "objectives.form")
    assert not at.exception
    with Session(signed_in_app) as s:
        row = s.exec(select(Objective).where(Objective.title == "Win the DACH market")).one()
        event = s.exec(select(AuditEvent).where(AuditEvent.entity == "objective", AuditEvent.action == "create")
                       .where(AuditEvent.label == "Win the DACH market")).one()
    assert row.created_by == "Eddi" and event.actor == "Eddi"


def _sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="auth.name").set_value(name)
    at.text_input(key="auth.password").set_value(password)
    return at.button[0].click().run() if not at.get("form_submit_button") else \
        at.get("form_submit_button")[0].click().run()


def test_password_sign_in_right_wrong_slowed_down_and_signed_out(signed_in_app):
    at = open_as("streamlit_app.py", None)
    assert at.get("form_submit_button") and not at.title, "the sign-in form comes before any page"
    assert [s.value for s in at.subheader] == ["Sign in"]
    _sign_in(at, "Vera", "not her password")
    assert "name or the password is not right" in at.error[0].value
    for _ in range(auth.FREE_ATTEMPTS - 1):
        _sign_in(at, "Vera", "still not it")
    _sign_in(at, "Vera", PASSWORDS["Vera"])
    assert "try again in" in at.error[0].value, "the right password waits too, once guessing started"

    fresh = open_as("streamlit_app.py", None, lang="de")
    _sign_in(fresh, "Ada", PASSWORDS["Ada"])
    assert not fresh.exception and fresh.title[0].value == "Überblick"
    assert any("Angemeldet als Ada (Admin)" in c.value for c in fresh.sidebar.caption)
    fresh.button(key="auth.sign_out").click().run()
    assert not fresh.title and fresh.get("form_submit_button")
    with Session(signed_in_app) as s:
        actions = [e.action for e in s.exec(select(AuditEvent).where(AuditEvent.actor == "Ada"))]
    assert actions == ["sign_in", "sign_out"]


def test_an_admin_adds_a_person_who_can_then_sign_in(signed_in_app):
    at = open_as("pages/7_Admin.py", "Ada")
    at.text_input(key="admin.add.name").set_value("Nora")
    at.selectbox(key="admin.add.role").set_value("editor")
    at.text_input(key="admin.add.password").set_value("nora's password")
    at.text_input(key="admin.add.again").set_value("nora's passwort")
    _click_submit(at, "admin.users.add")
    assert "The two passwords differ" in at.error[0].value
    with Session(signed_in_app) as s:
        assert s.exec(select(AppUser)).all() == []
    at.text_input(key="admin.add.again").set_value("nora's password")
    _click_submit(at, "admin.users.add")
    assert not at.exception
    assert "Nora can now sign in as editor" in at.success[0].value
    with Session(signed_in_app) as s:
        nora = s.exec(select(AppUser)).one()
        event = s.exec(select(AuditEvent).where(AuditEvent.entity == "app_user")).one()
    assert nora.role == "editor" and nora.created_by == "Ada" and nora.password_hash.startswith("$argon2id$")
    assert event.actor == "Ada" and event.changes["role"] == [None, "editor"]
    # the trail shows it, in German too
    trail = open_as("pages/7_Admin.py", "Ada", lang="de")
    table = trail.dataframe[0].value
    assert "Person" in set(table["Art"]) and "Nora" in set(table["Was"])
    signed = open_as("streamlit_app.py", None)
    _sign_in(signed, "nora", "nora's password")
    assert signed.title[0].value == "Overview"


def _click_submit(at: AppTest, form: str) -> None:
    for b in at.get("form_submit_button"):
        if b.proto.form_id == form:
            b.click().run()
            return
    raise AssertionError(f"no submit button in form {form}")


def test_incomplete_oidc_configuration_names_what_is_missing(demo_app_db, tmp_path, monkeypatch):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[auth]\nredirect_uri = "https://okr.example.com/oauth2callback"\n', encoding="utf-8")
    monkeypatch.setenv("OUTCOMES_AUTH", "oidc")
    monkeypatch.setenv("OUTCOMES_SECRETS", str(secrets))
    config.settings.cache_clear()
    at = open_as("streamlit_app.py", None, lang="de")
    assert "nicht vollständig eingerichtet" in at.error[0].value
    missing = at.markdown[-1].value if "cookie_secret" in at.markdown[-1].value else \
        next(m.value for m in at.markdown if "cookie_secret" in m.value)
    for key in ("cookie_secret", "client_id", "client_secret", "server_metadata_url", "[roles]"):
        assert key in missing
    assert not at.title


def test_oidc_roles_come_from_the_email_address(demo_app_db, tmp_path, monkeypatch):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        '[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\ncookie_secret = "x"\n'
        'client_id = "id"\nclient_secret = "secret"\n'
        'server_metadata_url = "https://login.example.com/.well-known/openid-configuration"\n'
        '[roles]\nadmin = ["ceo@example.com"]\nviewer = ["@example.com"]\n', encoding="utf-8")
    monkeypatch.setenv("OUTCOMES_AUTH", "oidc")
    monkeypatch.setenv("OUTCOMES_SECRETS", str(secrets))
    config.settings.cache_clear()

    def as_user(email: str, page: str = "streamlit_app.py") -> AppTest:
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
        at.user = {"is_logged_in": True, "email": email}
        at.query_params["lang"] = "en"
        at.run()
        if page != "streamlit_app.py":
            at.switch_page(page).run()
        assert not at.exception
        return at

    viewer = as_user("pm@example.com", "pages/1_Objectives.py")
    assert writing_controls(viewer) == []
    admin = as_user("ceo@example.com", "pages/7_Admin.py")
    assert [t.label for t in admin.tabs] == ["Audit trail", "People and roles"]
    stranger = as_user("someone@elsewhere.net")
    assert "gives that address no role" in stranger.warning[0].value and not stranger.title
