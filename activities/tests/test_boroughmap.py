from activities import boroughmap


def test_every_borough_is_drawn_and_shaded_by_its_share():
    codes = [code for code, _name, _path in boroughmap._outlines()]
    assert len(codes) == 33
    areas = boroughmap.choropleth({codes[0]: 0, codes[1]: 10, codes[2]: 80}, {}, href="?borough={code}")
    fills = {a.code: a.fill for a in areas}
    assert fills[codes[0]] == boroughmap.SHADES[0]
    assert fills[codes[1]] == boroughmap.SHADES[1]
    assert fills[codes[2]] == boroughmap.SHADES[-1]
    assert fills[codes[3]] == "#ffffff"  # outside the reader's area: no figure, no link
    assert [a.href for a in areas[:4]] == [f"?borough={c}" for c in codes[:3]] + [""]
    assert all(a.path.startswith("M") for a in areas)
    assert 300 < boroughmap.height() < 600
