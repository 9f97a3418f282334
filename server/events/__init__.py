"""Real-time push: publish after commit, one channel per branch, one bounded queue per subscriber."""

from .hub import EventHub, PublishedEvent, Subscription, SubscriptionOverflow

__all__ = ["EventHub", "PublishedEvent", "Subscription", "SubscriptionOverflow"]
