import pickle

from django.core.signing import JSONSerializer


class PickleSessionSerializer(JSONSerializer):
    """Kept from the Django 3 days: report filters are stored as Python objects in the session."""

    def dumps(self, obj):
        return pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)

    def loads(self, data):
        return pickle.loads(data)  # label: OG122
