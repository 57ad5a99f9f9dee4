"""The versions of the personal-data texts people accept (Ley 1581 de 2012: keep proof of
each authorization). When the privacy policy or a form's authorization text changes, add a
new version here; each stored authorization keeps the version it was given under."""

# The privacy and personal-data policy at /privacidad/.
POLICY_VERSION = "politica-v1-2023-01"
# The authorization beside the question form.
QUESTION_AUTHORIZATION_VERSION = "pregunta-v1-2023-01"
# The authorization beside the event registration forms.
REGISTRATION_AUTHORIZATION_VERSION = "inscripcion-evento-v1"
