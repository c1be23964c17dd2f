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
