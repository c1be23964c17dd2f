"""factory_boy factories shared by every test package."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from leads.models import Institution, InstitutionKind, StudyProgram

PASSWORD = "Rahasia-Uji-123!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staf{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@pmb.example.ac.id")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
        if create:
            self.save()


class StudyProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyProgram
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"prodi{n}")
    name = factory.Sequence(lambda n: f"D3 Perhotelan {n}")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    kind = InstitutionKind.SCHOOL
    name = factory.Sequence(lambda n: f"SMA Negeri {n + 1} Tanjungpinang")
    npsn = factory.Sequence(lambda n: f"{11000000 + n}")
    city = "Tanjungpinang"


# --- Leads (issue 3) ----------------------------------------------------------------------------


class LeadFactory(factory.Factory):
    """Creates leads through `leads.services.create_lead`, like every real path does."""

    class Meta:
        model = dict

    full_name = factory.Faker("name", locale="id_ID")
    phone = factory.Sequence(lambda n: f"+62812{n:08d}")
    email = factory.Sequence(lambda n: f"calon{n}@contoh.sch.id")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from leads.services import create_lead

        return create_lead(**kwargs).lead

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        return kwargs


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "leads.FollowUp"

    lead = factory.SubFactory(LeadFactory)
    kind = "call"
    due_at = factory.LazyFunction(lambda: __import__("django.utils.timezone", fromlist=["now"]).now())
    reason = "Warm lead hari ke-2"
