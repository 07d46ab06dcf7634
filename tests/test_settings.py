import pytest

from events import settings


def test_defaults_are_valid():
    s = settings.make()
    assert s.jobs == 1 and s.max_file_bytes > 0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"jbos": 2}, r"Unknown setting\(s\) \['jbos'\]; expected some of \['max_file_bytes', 'jobs'"),
        ({"jobs": 0}, "jobs must be 1 or more"),
        ({"engine": "spark"}, r"engine must be one of \['local', 'dask'\]"),
        ({"max_file_bytes": -1}, "max_file_bytes must be a positive"),
    ],
)
def test_bad_settings_raise_with_the_valid_choices(kwargs, message):
    with pytest.raises(ValueError, match=message):
        settings.make(**kwargs)
