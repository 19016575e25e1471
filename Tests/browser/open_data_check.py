"""Reads the platform's public open data with real parsers and prints what it found, as JSON.

    open_data_check.py CATALOGUE.jsonld [OUTPUT.geojson ...]

The DCAT catalogue is parsed by rdflib's JSON-LD parser (its context is inline: nothing is fetched) and
read back as RDF: one dcat:Catalog, its dcat:Dataset entries each with a title and a publisher, the
distributions of the published outputs with their download URLs. Each GeoJSON file is validated against
the GeoJSON schema (RFC 7946 as geojson-pydantic models it, and the JSON Schema it generates, checked by
jsonschema). Any failure exits non-zero saying what failed.
"""
import json
import sys

import jsonschema
from geojson_pydantic import FeatureCollection
from rdflib import RDF, Graph, Literal, Namespace, URIRef

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
CSVW = Namespace("http://www.w3.org/ns/csvw#")


def catalogue(path):
    g = Graph()
    g.parse(path, format="json-ld")
    catalogs = list(g.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1, f"{len(catalogs)} dcat:Catalog"
    datasets = set(g.objects(catalogs[0], DCAT.dataset))
    for d in datasets:
        assert (d, RDF.type, DCAT.Dataset) in g, f"{d} is not a dcat:Dataset"
        assert isinstance(g.value(d, DCT.title), Literal), f"{d} has no dct:title"
        publisher = g.value(d, DCT.publisher)
        assert publisher is not None and isinstance(g.value(publisher, FOAF.name), Literal), f"{d} has no named publisher"
        assert isinstance(g.value(d, DCT.accessRights), URIRef), f"{d} has no access rights"
    distributions = list(g.subjects(RDF.type, DCAT.Distribution))
    for x in distributions:
        assert isinstance(g.value(x, DCAT.downloadURL), URIRef), f"{x} has no download URL"
        assert any((d, DCAT.distribution, x) in g for d in datasets), f"{x} belongs to no dataset"
    public = [d for d in datasets if str(g.value(d, DCT.accessRights)).endswith("/PUBLIC")]
    described = [d for d in datasets if g.value(d, DCT.accrualPeriodicity) is not None]
    columns = list(g.subjects(RDF.type, CSVW.Column))
    defined = [c for c in columns if g.value(c, DCT.description) is not None]
    return {"triples": len(g), "datasets": len(datasets), "public": len(public), "distributions": len(distributions),
            "withFrequency": len(described), "columns": len(columns), "definedColumns": len(defined),
            "downloadURLs": sorted(str(g.value(x, DCAT.downloadURL)) for x in distributions)}


def geojson(path):
    text = open(path, encoding="utf-8").read()
    collection = FeatureCollection.model_validate_json(text)
    jsonschema.validate(json.loads(text), FeatureCollection.model_json_schema())
    polygons = sum(1 for f in collection.features if f.geometry is not None and f.geometry.type in ("Polygon", "MultiPolygon"))
    suppressed = sum(1 for f in collection.features if (f.properties or {}).get("suppressed") is True)
    return {"features": len(collection.features), "polygons": polygons, "suppressed": suppressed}


if __name__ == "__main__":
    try:
        out = {"catalogue": catalogue(sys.argv[1]), "geojson": [geojson(p) for p in sys.argv[2:]]}
    except Exception as e:  # say what failed, and fail
        print(f"{type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
    print(json.dumps(out))
