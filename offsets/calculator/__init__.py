"""The footprint calculator: emission factors (data, versioned), the estimate, and offsetting it.

``models.py`` holds the factors and the stored calculations (imported by ``offsets.models``);
``periods.py`` the month / fiscal-year periods; ``selectors.py`` the factor look-ups and the
arithmetic; ``services.py`` the writes (factor versions, offsetting into the basket, attaching
to the order); ``statement.py`` the sentence a certificate states; ``chart.py`` the SVG chart.
"""
