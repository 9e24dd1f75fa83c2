"""The API's OpenAPI schema, published at /api/v1/schema/.

Generated at development time (`make schema`, the ``api_schema`` command) from the views and the
annotations here, committed as one file per language and format (``ja.yaml``, ``en.json``…), and
served as it is by ``shop.api.schema``. drf-spectacular, the generator, is a development tool:
only ``annotations``, ``apps`` and the command import it, and only the test settings install
them; ``published`` is all the running shop reads.
"""
