"""The Transparencia menu of the Itagüí demo: where the (fictitious) Alcaldía site keeps the
items Rinde does not hold, two items marked «no aplica» with a reason, and one request whose
information was partly denied, so the quarterly report shows a denial beside the spam it
leaves out. Every address is under the demo's fictitious site."""

from rinde.demo.fictitious import FICTITIOUS_SITE
from rinde.questions.models import AccessDenial, DenialGround, Question
from rinde.transparency.models import ItemSetting, Setting

LINKS = {
    "1.1": ("mision-vision", "Misión, visión y funciones en el sitio de la Alcaldía"),
    "1.2": ("organigrama", "Organigrama de la Alcaldía"),
    "2.1": ("normativa", "Decretos, acuerdos y resoluciones"),
    "3.1": ("contratacion/plan-anual", "Plan anual de adquisiciones"),
    "4.1": ("presupuesto", "Presupuesto de ingresos, gastos e inversión"),
    "4.2": ("presupuesto/ejecucion", "Ejecución presupuestal mensual"),
    "10.2": ("hacienda/industria-y-comercio", "Tarifas del impuesto de industria y comercio"),
}
NOT_APPLICABLE = {
    "1.14": (
        "En esta demostración no hay nombramientos en curso de los que la ley pida publicar "
        "las hojas de vida de los aspirantes."
    ),
    "4.9": (
        "Demostración: el informe de defensa jurídica lo exige la Agencia Nacional de Defensa "
        "Jurídica del Estado a las entidades del orden nacional; la Alcaldía no es una de ellas."
    ),
}
DENIED_REQUEST = "Solicito copia del contrato de alumbrado navideño 2023."


def load() -> int:
    for number, (path, label) in LINKS.items():
        ItemSetting.objects.update_or_create(
            number=number,
            defaults={
                "setting": Setting.LINK,
                "url": f"{FICTITIOUS_SITE}{path}/",
                "label": label,
                "reason": "",
            },
        )
    for number, reason in NOT_APPLICABLE.items():
        ItemSetting.objects.update_or_create(
            number=number,
            defaults={"setting": Setting.NOT_APPLICABLE, "url": "", "label": "", "reason": reason},
        )
    question = Question.objects.filter(text=DENIED_REQUEST).first()
    if question is not None:
        AccessDenial.objects.update_or_create(
            question=question,
            defaults={
                "ground": DenialGround.PRIVACY,
                "partial": True,
                "explanation": (
                    "Se entrega el contrato con el número de identificación y la dirección "
                    "personal del contratista tachados."
                ),
            },
        )
    return len(LINKS) + len(NOT_APPLICABLE)
