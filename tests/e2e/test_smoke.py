from tests.village import Village


def test_approved_walk_leaves_a_clean_tree(village: Village) -> None:
    village.approved()
    assert village.status() == ""
    assert village.trailers() == {
        "Yakkan-Action": "approve",
        "Yakkan-Service": "somu-drive",
        "Yakkan-Actor": "sato",
    }
