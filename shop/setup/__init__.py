"""The first run of a new shop (`manage.py shop_setup`): what a real company sets up once."""
