import factory

from courses.models import Course, Module


class CourseFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Formation suivie {n}")
    is_published = True

    class Meta:
        model = Course


class ModuleFactory(factory.django.DjangoModelFactory):
    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Module suivi {n}")
    position = factory.Sequence(lambda n: n + 1)
    is_published = True

    class Meta:
        model = Module
