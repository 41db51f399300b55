"""One idiom for every state machine of the suite (X-6).

A model that inherits ``coop.transition.mixin`` declares its transition table:

    _coop_state_field = "state"
    _coop_transitions = {
        # (from, to): (action method, groups allowed or None for anyone with write
        # access)
        ("candidate", "active"): ("action_admit", "coop_crm_base.group_coop_manager"),
        ("active", "suspended"): ("_coop_no_direct_write", None),
    }
    _coop_initial_states = ("candidate",)       # states a record may be created in
    _coop_protected_fields = ("date_admission",)  # fields only the actions write

and its action methods check their own preconditions, then move the records with
``self._coop_transition(target, vals)``. That method checks the edge and the groups, and
writes with a token that only server code can hold: a Python object in the context,
which no JSON-RPC or XML-RPC client, import or view can send. So:

- a plain ``write`` of the state field (JSON-RPC, kanban drag, import) is routed to the
  action method of the edge, which runs every check the button runs; an edge that needs
  more than the state (a reason, a wizard) refuses and names the action to use;
- the protected fields are written by the actions only;
- a record is created in one of the initial states only;
- no context key sent by a client relaxes any of this. Code running as superuser
  (``sudo()``, data files at install) may create records in any state (demo data,
  migrations) but still moves existing records along the table's edges only.
"""

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

# The token: a private object. The context key that holds it can be set by server code
# only; a client's context is JSON and cannot hold this object.
_TRANSITION_TOKEN = object()
_CONTEXT_KEY = "coop_transition_token"


class CoopTransitionMixin(models.AbstractModel):
    _name = "coop.transition.mixin"
    _description = "State machine held by the model (transition table)"

    _coop_state_field = "state"
    _coop_transitions = {}
    _coop_initial_states = ()
    _coop_protected_fields = ()

    # ------------------------------------------------------------------ helpers
    def _coop_in_transition(self):
        """True inside an action method's write (server code holding the token)."""
        held = self.env.context.get(_CONTEXT_KEY)
        # a client's context holds lists, never a tuple: anything else is not the token
        return (
            isinstance(held, tuple)
            and held[0] is _TRANSITION_TOKEN
            and self._name in held[1]
        )

    def _coop_with_transition(self):
        """This recordset, allowed to write its state and protected fields."""
        held = self.env.context.get(_CONTEXT_KEY)
        models_held = (
            held[1]
            if isinstance(held, tuple) and held[0] is _TRANSITION_TOKEN
            else frozenset()
        )
        return self.with_context(
            **{_CONTEXT_KEY: (_TRANSITION_TOKEN, frozenset(models_held | {self._name}))}
        )

    def _coop_state_label(self, state):
        field = self._fields[self._coop_state_field]
        return dict(field._description_selection(self.env)).get(state, state)

    def _coop_check_edge(self, target):
        """Raise unless every record may move to ``target`` and the user may move it."""
        fname = self._coop_state_field
        for record in self:
            current = record[fname]
            if current == target:
                continue
            edge = self._coop_transitions.get((current, target))
            if edge is None:
                allowed = [
                    self._coop_state_label(to)
                    for (frm, to) in self._coop_transitions
                    if frm == current
                ]
                raise UserError(
                    _(
                        "%(record)s cannot go from %(current)s to %(target)s. "
                        "From %(current)s it can go to: %(allowed)s.",
                        record=record.display_name,
                        current=self._coop_state_label(current),
                        target=self._coop_state_label(target),
                        allowed=", ".join(allowed) or _("nothing (final state)"),
                    )
                )
            groups = edge[1]
            if groups and not self.env.su and not self.env.user.has_groups(groups):
                raise AccessError(
                    _(
                        "You are not allowed to move %(record)s from %(current)s to "
                        "%(target)s.",
                        record=record.display_name,
                        current=self._coop_state_label(current),
                        target=self._coop_state_label(target),
                    )
                )

    def _coop_transition(self, target, vals=None):
        """Move the records to ``target`` along the table, with ``vals`` written too.

        Called by the action methods once their own preconditions hold."""
        self._coop_check_edge(target)
        values = dict(vals or {}, **{self._coop_state_field: target})
        return self._coop_with_transition().write(values)

    def _coop_no_direct_write(self, *args, **kwargs):
        """Placeholder action of an edge that needs a wizard or a reason."""
        raise UserError(
            _("This change needs its button, which asks for what it needs.")
        )

    # ------------------------------------------------------------------ ORM
    @api.model_create_multi
    def create(self, vals_list):
        if not self._coop_in_transition() and not self.env.su:
            fname = self._coop_state_field
            protected = set(self._coop_protected_fields)
            for vals in vals_list:
                state = vals.get(fname)
                if (
                    state
                    and self._coop_initial_states
                    and state not in self._coop_initial_states
                ):
                    raise UserError(
                        _(
                            "A new %(model)s starts as %(states)s; it reaches "
                            "%(state)s through its actions only.",
                            model=self._description,
                            states=" / ".join(
                                self._coop_state_label(s)
                                for s in self._coop_initial_states
                            ),
                            state=self._coop_state_label(state),
                        )
                    )
                forbidden = sorted(f for f in protected & set(vals) if vals[f])
                if forbidden:
                    raise UserError(
                        _(
                            "%(fields)s of a new %(model)s are set by its actions "
                            "only.",
                            fields=", ".join(
                                self._fields[f]._description_string(self.env)
                                for f in forbidden
                            ),
                            model=self._description,
                        )
                    )
        return super().create(vals_list)

    def write(self, vals):
        if self._coop_in_transition():
            return super().write(vals)
        fname = self._coop_state_field
        protected = sorted(set(self._coop_protected_fields) & set(vals))
        if protected:
            raise UserError(
                _(
                    "%(fields)s of %(model)s are set by its actions only.",
                    fields=", ".join(
                        self._fields[f]._description_string(self.env) for f in protected
                    ),
                    model=self._description,
                )
            )
        if fname not in vals:
            return super().write(vals)
        # a plain write of the state (RPC, kanban drag, import): route it to the actions
        target = vals[fname]
        others = {k: v for k, v in vals.items() if k != fname}
        if others:
            super().write(others)
        moving = self.filtered(lambda r: r[fname] != target)
        if not moving:
            return True
        moving._coop_check_edge(target)
        for current in set(moving.mapped(fname)):
            batch = moving.filtered(lambda r, c=current: r[fname] == c)
            method = self._coop_transitions[(current, target)][0]
            getattr(batch, method)()
            still = batch.filtered(lambda r: r[fname] != target)
            if still:  # an action that opened a wizard instead of moving the records
                raise UserError(
                    _(
                        "%(record)s needs its button to go to %(target)s.",
                        record=still[0].display_name,
                        target=self._coop_state_label(target),
                    )
                )
        return True
