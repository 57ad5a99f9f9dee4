"""The default evaluation form (legal.md: based on the form Función Pública circulated, which
many alcaldías reuse; editable). Codes are stable so results can be compared year to year
and "how did you hear about it?" can be mapped to outreach channels."""

BASED_ON = "Formato de evaluación de audiencias públicas de Función Pública (adaptado, editable)"

# (code, text, kind, required, options)
QUESTIONS = [
    (
        "como_se_entero",
        "¿Cómo se enteró de la audiencia pública?",
        "multiple",
        True,
        [
            ["aviso_publico", "Aviso público"],
            ["prensa", "Prensa u otros medios de comunicación"],
            ["comunidad", "A través de la comunidad"],
            ["boletin", "Boletín"],
            ["sitio_web", "Página web"],
            ["invitacion", "Invitación directa"],
            ["redes_sociales", "Redes sociales"],
        ],
    ),
    (
        "explicacion",
        "La explicación inicial sobre cómo intervenir en la audiencia fue:",
        "single",
        True,
        [["clara", "Clara"], ["confusa", "Confusa"]],
    ),
    (
        "organizacion",
        "La audiencia estuvo:",
        "single",
        True,
        [
            ["bien", "Bien organizada"],
            ["regular", "Regularmente organizada"],
            ["mal", "Mal organizada"],
        ],
    ),
    (
        "oportunidad",
        "La oportunidad para que las personas inscritas opinaran fue:",
        "single",
        True,
        [["adecuada", "Adecuada"], ["inadecuada", "Inadecuada"]],
    ),
    (
        "profundidad",
        "Los temas de la audiencia se discutieron:",
        "single",
        True,
        [
            ["profundidad", "A profundidad"],
            ["moderada", "Moderadamente"],
            ["superficial", "Superficialmente"],
        ],
    ),
    (
        "respondio",
        "¿La información presentada respondió a sus intereses y mostró los resultados de la gestión?",
        "yes_no",
        True,
        [],
    ),
    (
        "continuar",
        "¿Cree que las audiencias públicas deben seguir como mecanismo de control de la gestión pública?",
        "yes_no",
        True,
        [],
    ),
    (
        "rol",
        "Después de participar, su papel en el control de la gestión pública es:",
        "single",
        True,
        [["muy_importante", "Muy importante"], ["sin_importancia", "Sin importancia"]],
    ),
    (
        "satisfaccion",
        "En general, ¿qué tan satisfecho quedó con la audiencia? (1 = nada, 5 = mucho)",
        "scale",
        False,
        [],
    ),
    (
        "participante",
        "Usted participó como:",
        "single",
        False,
        [
            ["ciudadano", "Ciudadano(a)"],
            ["organizacion", "Organización social"],
            ["veeduria", "Veeduría"],
            ["servidor", "Servidor(a) público(a)"],
            ["medio", "Medio de comunicación"],
        ],
    ),
    ("comentarios", "Comentarios y sugerencias", "text", False, []),
]
