"""`Config.person` answers from an index exactly what a scan of `people` answers."""

from __future__ import annotations

import gc
import pickle

from tests.factories import CONFIG, config
from yakkan_cli.model import Config
from yakkan_cli.model import config as config_module
from yakkan_cli.model.config import Person


def _scan(cfg: Config, person_id: str) -> Person | None:
    return next((p for p in cfg.people if p.id == person_id), None)


IDS = [p["id"] for p in CONFIG["people"]] + ["nobody", ""]


def test_every_id_as_a_scan_finds_it() -> None:
    cfg = config()
    for person_id in IDS:
        assert cfg.person(person_id) is _scan(cfg, person_id)


def test_the_first_of_a_duplicated_id_as_a_scan_finds_it() -> None:
    data = dict(CONFIG)
    data["people"] = [*CONFIG["people"], {**CONFIG["people"][1], "name": "別人"}]
    cfg = Config.model_validate(data)
    assert cfg.person("sato") is cfg.people[1]
    assert cfg.person("sato") is _scan(cfg, "sato")


def test_changes_to_people_are_seen() -> None:
    cfg = config()
    assert cfg.person("yamada") is not None
    newcomer = Person(id="ito", name="伊藤 一", email="ito@example.jp")
    cfg.people.append(newcomer)  # a longer list
    assert cfg.person("ito") is newcomer
    cfg.people = [newcomer]  # another list
    assert cfg.person("yamada") is None
    assert cfg.person("ito") is newcomer
    newcomer.id = "ito2"  # an id edited in place
    assert cfg.person("ito") is None
    assert cfg.person("ito2") is newcomer


def test_the_index_stays_out_of_equality_copies_and_pickles() -> None:
    cfg, same = config(), config()
    cfg.person("sato")
    assert cfg == same
    assert cfg.model_copy(deep=True) == same
    assert cfg.model_dump() == same.model_dump()
    again = pickle.loads(pickle.dumps(cfg))
    assert again == same
    assert again.person("sato") == same.person("sato")


def test_an_index_leaves_with_its_config() -> None:
    cfg = config()
    cfg.person("sato")
    key = id(cfg)
    assert key in config_module._PEOPLE
    del cfg
    gc.collect()
    assert key not in config_module._PEOPLE
