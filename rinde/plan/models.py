from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rinde.core import files
from rinde.core.files import private_storage
from rinde.entity.models import entity_key
from rinde.entity.scoped import EntityScopedQuerySet

MONEY = {"max_digits": 18, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}
QUANTITY = {"max_digits": 16, "decimal_places": 4}
WEIGHT = {
    "max_digits": 7,
    "decimal_places": 3,
    "default": Decimal(1),
    "validators": [MinValueValidator(Decimal(0))],
}


class ReportingFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Mensual")
    QUARTERLY = "quarterly", _("Trimestral")
    YEARLY = "yearly", _("Anual")


class Plan(models.Model):
    entity = entity_key()
    name = models.CharField(_("nombre"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("año inicial"))
    end_year = models.PositiveSmallIntegerField(_("año final"))
    # The plan's stable public address, /plan/<slug>/: its years ("2020-2023"), set once;
    # unique within its entity (constraint below).
    slug = models.SlugField(_("dirección"), max_length=40, blank=True)
    adopting_act = models.CharField(_("acto de adopción"), max_length=200, blank=True)
    # Only one plan is vigente (constraint below); plans.switch_current() moves it.
    is_current = models.BooleanField(_("vigente"), default=False)
    reporting_frequency = models.CharField(
        _("frecuencia de los cortes"),
        max_length=10,
        choices=ReportingFrequency,
        default=ReportingFrequency.MONTHLY,
    )
    is_demo_data = models.BooleanField(_("datos de demostración"), default=False)
    # Traffic-light thresholds, set by the administrator (fractions: 0.60 = 60 %).
    light_red_below = models.DecimalField(
        _("rojo por debajo de"), max_digits=4, decimal_places=2, default=Decimal("0.60")
    )
    light_green_from = models.DecimalField(
        _("verde desde"), max_digits=4, decimal_places=2, default=Decimal("0.80")
    )
    # Progress method (docs/plan-rules.md): the month the plan starts (adopted mid-year,
    # its first year is shorter) and the curve of expected progress for the traffic light.
    start_month = models.PositiveSmallIntegerField(
        _("mes inicial"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("El mes en que empieza el plan (1 = enero)."),
    )
    expected_curve = models.CharField(
        _("curva del avance esperado"),
        max_length=12,
        choices=[
            ("linear", _("Lineal: la parte del cuatrienio transcurrida")),
            ("programmed", _("Programada: las metas anuales del Plan Indicativo")),
        ],
        default="linear",
    )

    # What this plan calls its five levels (eje, sector, programa, subprograma, meta de
    # producto…): {"line": "Eje", …}; a level left out keeps LEVEL_DEFAULTS' name.
    level_names = models.JSONField(
        _("nombres de los niveles"),
        default=dict,
        blank=True,
        help_text=_(
            'Por ejemplo {"line": "Eje", "component": "Sector", "project": "Subprograma"}. '
            "Los niveles son line, component, program, project e indicator."
        ),
    )

    LEVEL_DEFAULTS = {
        "line": _("Línea estratégica"),
        "component": _("Componente / sector"),
        "program": _("Programa"),
        "project": _("Proyecto"),
        "indicator": _("Indicador de producto"),
    }
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan de desarrollo")
        verbose_name_plural = _("planes de desarrollo")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(light_red_below__lte=models.F("light_green_from")),
                name="plan_light_order",
            ),
            # One vigente plan per entity.
            models.UniqueConstraint(
                fields=["entity", "is_current"],
                condition=Q(is_current=True),
                name="plan_plan_is_current_per_entity",
            ),
            models.UniqueConstraint(fields=["entity", "slug"], name="plan_plan_slug_per_entity"),
            models.CheckConstraint(
                condition=Q(start_year__lte=models.F("end_year")), name="plan_years_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.start_year}-{self.end_year}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = f"{self.start_year}-{self.end_year}"
        super().save(*args, **kwargs)

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    @property
    def level_labels(self) -> dict[str, str]:
        """Each level's name in this plan: {"line": "Eje", "component": …}."""
        names = self.level_names if isinstance(self.level_names, dict) else {}
        return {
            level: str(names.get(level) or default)
            for level, default in self.LEVEL_DEFAULTS.items()
        }


class StrategicLine(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="lines")
    code = models.CharField(_("código"), max_length=20)
    name = models.CharField(_("nombre"), max_length=300)
    weight = models.DecimalField(_("peso"), **WEIGHT)

    class Meta:
        verbose_name = _("línea estratégica")
        verbose_name_plural = _("líneas estratégicas")
        ordering = ["plan", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="line_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Component(models.Model):
    line = models.ForeignKey(StrategicLine, on_delete=models.CASCADE, related_name="components")
    code = models.CharField(_("código"), max_length=20)
    name = models.CharField(_("nombre"), max_length=300)
    weight = models.DecimalField(_("peso"), **WEIGHT)

    class Meta:
        verbose_name = _("componente o sector")
        verbose_name_plural = _("componentes o sectores")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Program(models.Model):
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="programs")
    code = models.CharField(_("código"), max_length=20)
    name = models.CharField(_("nombre"), max_length=300)
    weight = models.DecimalField(_("peso"), **WEIGHT)
    result_indicator = models.CharField(_("indicador de resultado"), max_length=300, blank=True)
    result_baseline = models.CharField(_("línea base del resultado"), max_length=100, blank=True)
    result_target = models.CharField(_("meta del resultado"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("programa")
        verbose_name_plural = _("programas")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Territory(models.Model):
    class Kind(models.TextChoices):
        COMUNA = "comuna", _("Comuna")
        CORREGIMIENTO = "corregimiento", _("Corregimiento")
        VEREDA = "vereda", _("Vereda")
        BARRIO = "barrio", _("Barrio")
        ZONA_RURAL = "zona_rural", _("Zona rural")
        ZONA_URBANA = "zona_urbana", _("Zona urbana")
        RESGUARDO = "resguardo", _("Resguardo indígena")
        OTHER = "otro", _("Otro")

    entity = entity_key()
    name = models.CharField(_("nombre"), max_length=100)
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind)
    # Free text for the kinds the list does not have (OTHER): "Centro poblado", "Sector".
    kind_other = models.CharField(_("otro tipo"), max_length=50, blank=True)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("territorio")
        verbose_name_plural = _("territorios")
        ordering = ["kind", "name"]
        # A vereda and a corregimiento may share a name ("La Verde"); two veredas of the
        # same entity may not.
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "kind", "name"], name="plan_territory_name_per_entity"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="projects")
    # The programme's plan, copied so codes can be unique within a plan (a constraint
    # cannot follow the chain programme > component > line); set by save(), and by the
    # structure import's bulk writes.
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="projects", editable=False
    )
    code = models.CharField(_("código"), max_length=20)
    name = models.CharField(_("nombre"), max_length=300)
    department = models.ForeignKey(
        "entity.Department",
        verbose_name=_("dependencia responsable"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    bpin = models.CharField(_("código BPIN"), max_length=20, blank=True)
    weight = models.DecimalField(_("peso"), **WEIGHT)

    class Meta:
        verbose_name = _("proyecto")
        verbose_name_plural = _("proyectos")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="project_code_unique_in_plan")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    def save(self, *args, **kwargs):
        # Always from the programme: a project moved to another programme follows it.
        self.plan_id = (
            Program.objects.filter(pk=self.program_id)
            .values_list("component__line__plan_id", flat=True)
            .get()
        )
        super().save(*args, **kwargs)


class Trend(models.TextChoices):
    INCREASE = "increase", _("Incremento (I)")
    MAINTAIN = "maintain", _("Mantenimiento (M)")
    REDUCE = "reduce", _("Reducción (R)")


class IndicatorQuerySet(models.QuerySet):
    def of_department(self, department_id):
        """The goals a department reports: its own projects' goals, but those another
        department answers for, and the goals it answers for in other departments'
        projects (a BPIN project shared by several secretarías)."""
        return self.filter(
            Q(department_id=department_id)
            | Q(department__isnull=True, project__department_id=department_id)
        )


class Indicator(models.Model):
    """A product indicator of a project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    # The project's plan, copied for the same reason as Project.plan.
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="indicators", editable=False
    )
    code = models.CharField(_("código"), max_length=20)
    mga_code = models.CharField(_("código MGA"), max_length=9, blank=True)
    name = models.CharField(_("indicador"), max_length=300)
    unit = models.CharField(_("unidad"), max_length=50)
    trend = models.CharField(_("tendencia"), max_length=10, choices=Trend, default=Trend.INCREASE)
    baseline = models.DecimalField(_("línea base"), **QUANTITY, default=Decimal(0))
    # The baseline as the plan wrote it when it is not a plain number ("SD" sin dato,
    # "2 km", "45 %"); `baseline` then holds its number, 0 where it has none.
    baseline_text = models.CharField(_("línea base (texto)"), max_length=50, blank=True)
    target = models.DecimalField(_("meta del cuatrienio"), **QUANTITY)
    weight = models.DecimalField(_("peso"), **WEIGHT)
    # Progress method: how an increase goal's reports add up (DNP's "tipo de acumulación").
    accumulation = models.CharField(
        _("tipo de acumulación"),
        max_length=5,
        blank=True,
        choices=[
            ("flow", _("Flujo: cada reporte suma unidades nuevas")),
            ("stock", _("Stock: cada reporte dice el nivel alcanzado")),
        ],
        help_text=_(
            "Solo para metas de incremento; vacío = flujo. Mantenimiento y reducción se "
            "miden siempre por el nivel alcanzado."
        ),
    )

    # Set when another department than the project's answers for this goal (a project
    # with several responsible departments); it then reports it in its own cuts.
    department = models.ForeignKey(
        "entity.Department",
        verbose_name=_("dependencia responsable de la meta"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="goals",
        help_text=_("Vacía: la del proyecto."),
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicador de producto")
        verbose_name_plural = _("indicadores de producto")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_code_unique_in_plan")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    def save(self, *args, **kwargs):
        # Always from the project, as Project.save() does from its programme.
        self.plan_id = (
            Project.objects.filter(pk=self.project_id).values_list("plan_id", flat=True).get()
        )
        super().save(*args, **kwargs)


class YearTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="year_targets")
    year = models.PositiveSmallIntegerField(_("año"))
    target = models.DecimalField(_("meta del año"), **QUANTITY)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="year_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}"


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    SUBMITTED = "submitted", _("Enviado a Planeación")
    RETURNED = "returned", _("Devuelto con comentarios")
    APPROVED = "approved", _("Aprobado y publicado")
    SUPERSEDED = "superseded", _("Reemplazado por una corrección")


class ProgressReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=ReportState.APPROVED)


class ProgressReport(models.Model):
    """A department's monthly cut (corte). Approved cuts are public; a correction after
    publication is a new version that supersedes the old one, which stays visible."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reports")
    department = models.ForeignKey(
        "entity.Department", on_delete=models.PROTECT, related_name="progress_reports"
    )
    # The first day of the LAST month the cut covers (a quarterly cut Jan–Mar: 1 March),
    # so month-based figures keep working whatever the plan's frequency (plan/periods.py).
    period = models.DateField(
        _("periodo"), help_text=_("El primer día del último mes del periodo del corte.")
    )
    version = models.PositiveSmallIntegerField(_("versión"), default=1)
    state = models.CharField(
        _("estado"), max_length=12, choices=ReportState, default=ReportState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_comment = models.TextField(_("comentarios de Planeación"), blank=True)
    correction_reason = models.TextField(_("motivo de la corrección"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(_("publicado"), null=True, blank=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("corte mensual")
        verbose_name_plural = _("cortes mensuales")
        ordering = ["-period", "department", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "period", "version"], name="report_version_unique"
            ),
            models.UniqueConstraint(
                fields=["department", "period"],
                condition=Q(state="approved"),
                name="one_approved_report_per_month",
            ),
            models.CheckConstraint(condition=Q(period__day=1), name="report_period_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.period:%Y-%m} v{self.version}"


class IndicatorValue(models.Model):
    # A hot table: it carries the key itself (docs/tenancy.md, step 2). Bulk writes set it
    # from the plan (services._insert_values), never through the default row by row.
    entity = entity_key()
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(_("valor logrado en el mes"), **QUANTITY)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="indicator_value_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}={self.value}"


class ProjectProgress(models.Model):
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="project_progress"
    )
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="progress")
    appropriation = models.DecimalField(_("apropiación"), **MONEY, default=Decimal(0))
    commitments = models.DecimalField(_("compromisos"), **MONEY, default=Decimal(0))
    obligations = models.DecimalField(_("obligaciones"), **MONEY, default=Decimal(0))
    payments = models.DecimalField(_("pagos"), **MONEY, default=Decimal(0))
    achievements = models.TextField(_("logros"), blank=True)
    difficulties = models.TextField(_("dificultades"), blank=True)
    evidence_url = models.URLField(_("enlace a evidencias"), blank=True)
    territories = models.ManyToManyField(Territory, verbose_name=_("territorios"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "project"], name="project_progress_once"),
            models.CheckConstraint(
                condition=Q(commitments__lte=models.F("appropriation")),
                name="commitments_within_appropriation",
            ),
            # The budget chain of plan.money_rules: each stage is part of the one before.
            models.CheckConstraint(
                condition=Q(obligations__lte=models.F("commitments")),
                name="obligations_within_commitments",
            ),
            models.CheckConstraint(
                condition=Q(payments__lte=models.F("obligations")),
                name="payments_within_obligations",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.report}"


class PlanFigures(models.Model):
    """The dashboard's figures for one month and one scope (the whole plan, a department or
    a territory), computed when a cut is approved or the structure changes (figures.py).
    Public pages read these rows instead of rolling thousands of indicators up per request.
    `summary` holds the plan and its lines; `detail` every line, component, programme and
    project, as {key: [progress, appropriation, commitments, payments]} with Decimal strings.
    """

    # A hot public table: it carries the key itself (docs/tenancy.md, step 2), set from the
    # plan by figures.rebuild.
    entity = entity_key()
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="figures")
    period = models.DateField()
    scope = models.CharField(max_length=20)
    # The department of a department's scope, so its name comes in the same query.
    department = models.ForeignKey(
        "entity.Department", null=True, on_delete=models.CASCADE, related_name="plan_figures"
    )
    progress = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    # Progress method: the four-year progress expected at the month, and the year's
    # (vigencia) progress with its expected progress.
    expected = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    year_progress = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    year_expected = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    appropriation = models.DecimalField(max_digits=20, decimal_places=2, default=Decimal(0))
    commitments = models.DecimalField(max_digits=20, decimal_places=2, default=Decimal(0))
    payments = models.DecimalField(max_digits=20, decimal_places=2, default=Decimal(0))
    summary = models.JSONField(default=dict)
    detail = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "scope", "period"], name="plan_figures_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.scope} {self.period:%Y-%m}"


class Evidence(models.Model):
    """A file or a photo that backs a project's figures in one monthly cut. Kept per cut
    and project (not per budget row, which a save rewrites); a correction copies them."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Fotografía")
        FILE = "file", _("Documento (PDF)")

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind)
    title = models.CharField(_("título"), max_length=200)
    # Private while the cut is a draft or in review; approving the cut copies it to
    # `public_file` (plan.services.review_report).
    file = models.FileField(
        _("archivo"),
        upload_to=files.GeneratedPath("plan/evidencias/%Y/%m"),
        storage=files.private_storage,
    )
    original_name = models.CharField(_("nombre del archivo recibido"), max_length=200, blank=True)
    public_file = models.FileField(
        _("copia publicada"), upload_to=files.GeneratedPath("plan/evidencias/%Y/%m"), blank=True
    )
    alt_text = models.CharField(
        _("texto alternativo"),
        max_length=300,
        blank=True,
        help_text=_("Obligatorio en fotografías: describa lo que se ve, para quien no la ve."),
    )
    size = models.PositiveIntegerField(_("tamaño en bytes"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidencia")
        verbose_name_plural = _("evidencias")
        ordering = ["project", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="photo") | ~Q(alt_text=""), name="photo_needs_alt_text"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ImportJob(models.Model):
    """One spreadsheet import: the stored file, who sent it, and how far it has gone. Small
    files go through it inside the request; large ones in a background task while the
    person watches the status page."""

    class Kind(models.TextChoices):
        CUT = "cut", _("Corte mensual")
        STRUCTURE = "structure", _("Estructura del plan")
        # Every department's progress, for one or several periods (importing/periods.py).
        PERIODS = "periods", _("Avance por periodos de todas las dependencias")

    class Status(models.TextChoices):
        MAPPING = "mapping", _("Por asignar columnas")
        QUEUED = "queued", _("En cola")
        VALIDATING = "validating", _("Revisando el archivo")
        READY = "ready", _("Listo para confirmar")
        APPLYING = "applying", _("Guardando")
        DONE = "done", _("Importado")
        FAILED = "failed", _("Con errores: no se importó nada")

    kind = models.CharField(_("tipo"), max_length=10, choices=Kind)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="import_jobs")
    report = models.ForeignKey(
        ProgressReport,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Draft figures: kept where no public address reaches them.
    file = models.FileField(
        _("archivo"), upload_to="plan/importaciones/%Y/%m/", storage=private_storage
    )
    filename = models.CharField(_("nombre del archivo"), max_length=255)
    status = models.CharField(_("estado"), max_length=10, choices=Status, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(_("filas"), default=0)
    processed_rows = models.PositiveIntegerField(_("filas revisadas"), default=0)
    # [[row, column, message], …] in the order found
    errors = models.JSONField(_("errores"), default=list, blank=True)
    warnings = models.JSONField(_("advertencias"), default=list, blank=True)
    # What the preview shows: counts and rows, small enough for one page.
    summary = models.JSONField(_("resumen"), default=dict, blank=True)
    # A cut's checked values, applied on confirmation without reading the file again.
    checked = models.JSONField(_("valores revisados"), default=dict, blank=True)
    # Where the file's titles are and which column holds each of Rinde's fields
    # ({title: column index}, importing/mapping.py), set before the rows are checked.
    header_start = models.PositiveSmallIntegerField(default=0)
    header_height = models.PositiveSmallIntegerField(default=1)
    columns = models.JSONField(_("columnas asignadas"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Last sign of life from whatever works on the job (each status change and progress
    # step): a running job silent for long was left by a worker that died.
    touched_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("importación de hoja de cálculo")
        verbose_name_plural = _("importaciones de hojas de cálculo")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.filename}"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.VALIDATING, self.Status.APPLYING)

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


# Plans helper: the yearly action plan (Plan de Acción, Ley 1474 de 2011 art. 74) -----------


class ActionPlan(models.Model):
    """A year's action plan: generated from the plan's year targets, projects and budget
    (plan/action_plan.py), reviewed by planning as a draft, then published. `content` is
    the generated document as data, frozen at publication: later changes to the plan do
    not rewrite what was published."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Borrador en revisión")
        PUBLISHED = "published", _("Publicado")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="action_plans")
    year = models.PositiveSmallIntegerField(_("año"))
    state = models.CharField(_("estado"), max_length=10, choices=State, default=State.DRAFT)
    content = models.JSONField(_("contenido"), default=dict)
    generated_at = models.DateTimeField(_("generado"), default=timezone.now)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("publicado"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("plan de acción")
        verbose_name_plural = _("planes de acción")
        ordering = ["plan", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="action_plan_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.year}"


# Reader (issue 20: the file as it is) -------------------------------------------------------


class ColumnMapping(models.Model):
    """Which column of a planning office's own sheet holds which of Rinde's fields, as the
    planner confirmed it, kept for the next upload of a file with the same titles by the
    same entity (the entity of the job's plan)."""

    entity = entity_key()
    kind = models.CharField(_("tipo"), max_length=10, choices=ImportJob.Kind)
    # sha256 of the file's normalized titles (importing.mapping.Header.signature)
    signature = models.CharField(max_length=64)
    header_start = models.PositiveSmallIntegerField(default=0)
    header_height = models.PositiveSmallIntegerField(default=1)
    columns = models.JSONField(_("columnas"), default=dict)
    titles = models.JSONField(_("títulos del archivo"), default=list)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now=True)
    objects = EntityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("asignación de columnas")
        verbose_name_plural = _("asignaciones de columnas")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "kind", "signature"],
                name="plan_columnmapping_signature_per_entity",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.signature[:8]}"
