"""The CloudFormation resource types Rapport's stack uses that moto 5.2 lacks.

Importing this module registers one small CloudFormation model per missing type with moto
(`python3 -m moto_rapport` imports it, then starts moto's server). Each model creates its resource in moto's *own* backend for that service, through
the same method the service's API calls, so what the stack deploys can be read back with the
ordinary AWS API (DescribeReceiptRuleSet, GetSchedule, DescribeAlarms, ...).

These are shortcuts of the emulator, not checks of the resources (README "Deploy rehearsal"):
- properties moto has no place for (TLS policy, scan, reputation metrics, DKIM key length) are
  accepted and not stored;
- Custom::SesActiveReceiptRuleSet does what the CDK custom resource's Lambda would do
  (SetActiveReceiptRuleSet) directly, since moto runs no Lambda without Docker;
- bucket policies are stored without their HTTPS-only deny (the emulator speaks plain HTTP);
- update and delete are not modelled: the rehearsal deploys once into a fresh emulator.
"""

from __future__ import annotations

import json
import secrets
import string
from typing import Any

from moto.cloudformation import parsing
from moto.cloudformation.exceptions import ValidationError
from moto.cloudwatch.models import cloudwatch_backends
from moto.core.common_models import CloudFormationModel
from moto.awslambda.models import lambda_backends
from moto.s3.models import s3_backends
from moto.scheduler.models import scheduler_backends
from moto.secretsmanager.models import secretsmanager_backends
from moto.ses.models import ses_backends
from moto.sesv2.models import sesv2_backends
from moto.sns.models import sns_backends
from moto.sqs.models import sqs_backends

# A resource's Properties as the template gives them.
Properties = dict[str, Any]


class EmulatedResource:
    """Shared part of every model here: a physical id for Ref, attributes for GetAtt, created at
    once. moto finds models among CloudFormationModel's *direct* subclasses, so each model names
    CloudFormationModel itself as a base beside this one."""

    TYPE = ""
    NAME_PROPERTY = ""

    def __init__(self, physical_id: str, attributes: dict[str, str] | None = None):
        self.physical_id = physical_id
        self.attributes = attributes or {}

    @property
    def physical_resource_id(self) -> str:
        return self.physical_id

    @classmethod
    def cloudformation_type(cls) -> str:
        return cls.TYPE

    @classmethod
    def cloudformation_name_type(cls) -> str:
        return cls.NAME_PROPERTY

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return True

    def get_cfn_attribute(self, attribute_name: str) -> str:
        if attribute_name not in self.attributes:
            raise KeyError(f"{self.TYPE} has no attribute {attribute_name} in this emulator")
        return self.attributes[attribute_name]

    def is_created(self) -> bool:
        return True

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[no-untyped-def]
        """moto's entry point, the same for every model here (moto's parser gives every resource a
        Properties mapping, empty when the template has none): each model writes only `create`."""
        return cls.create(resource_name, cloudformation_json["Properties"], account_id, region_name)

    @classmethod
    def create(cls, resource_name: str, props: Properties, account_id: str, region_name: str) -> EmulatedResource:
        """Creates the resource in moto's backend for its service and says how to refer to it."""
        raise NotImplementedError(f"{cls.TYPE} has no create in this emulator")


def _policy(document: Any) -> str:
    return document if isinstance(document, str) else json.dumps(document)


def _is_https_only(statement: dict[str, Any]) -> bool:
    return statement.get("Effect") == "Deny" and statement.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") in ("false", False)


def _without_https_only(document: Any) -> str:
    """moto evaluates bucket policies, and its endpoint is plain HTTP on loopback: a statement that
    denies requests without TLS (CDK's `enforceSSL`) would refuse every call, so it is left out.
    Real clients reach AWS over HTTPS and never meet that deny."""
    parsed = json.loads(document) if isinstance(document, str) else dict(document)
    parsed["Statement"] = [s for s in parsed.get("Statement", []) if not _is_https_only(s)]
    return json.dumps(parsed)


class CdkMetadata(EmulatedResource, CloudFormationModel):
    """CDK's bookkeeping resource (library versions for AWS's statistics): it creates nothing."""

    TYPE = "AWS::CDK::Metadata"

    @classmethod
    def create(cls, resource_name: str, props: Properties, account_id: str, region_name: str) -> EmulatedResource:
        return cls(resource_name)


class Secret(EmulatedResource, CloudFormationModel):
    TYPE = "AWS::SecretsManager::Secret"
    NAME_PROPERTY = "Name"

    @classmethod
    def create(cls, resource_name: str, props: Properties, account_id: str, region_name: str) -> EmulatedResource:
        generate = props.get("GenerateSecretString", {})
        alphabet = string.ascii_letters + string.digits
        if not generate.get("ExcludePunctuation"):
            alphabet += "!#$%&()*+,-./:;<=>?@[]^_{|}~"
        value = props.get("SecretString") or "".join(
            secrets.choice(alphabet) for _ in range(int(generate.get("PasswordLength", 32)))
        )
        created = secretsmanager_backends[account_id][region_name].create_secret(
            name=resource_name, secret_string=value, secret_binary=None,
            description=props.get("Description"), tags=props.get("Tags"), kms_key_id=props.get("KmsKeyId"),
            client_request_token=None, replica_regions=[], force_overwrite=False,
        )
        arn = json.loads(created)["ARN"] if isinstance(created, str) else created["ARN"]
        return cls(arn, {"Id": arn})


class ConfigurationSet(EmulatedResource, CloudFormationModel):
    TYPE = "AWS::SES::ConfigurationSet"
    NAME_PROPERTY = "Name"

    @classmethod
    def create(cls, resource_name: str, props: Properties, account_id: str, region_name: str) -> EmulatedResource:
        sesv2_backends[account_id][region_name].create_configuration_set(
            configuration_set_name=resource_name,
            tracking_options=props.get("TrackingOptions", {}),
            delivery_options=props.get("DeliveryOptions", {}),
            reputation_options=props.get("ReputationOptions", {}),
            sending_options=props.get("SendingOptions", {}),
            tags=props.get("Tags", []),
            suppression_options=props.get("SuppressionOptions", {}),
            vdm_options=props.get("VdmOptions", {}),
        )
        return cls(resource_name)


class ConfigurationSetEventDestination(EmulatedResource, CloudFormationModel):
    """Stored on moto's SES backend; an SNS destination must name a topic that exists."""

    TYPE = "AWS::SES::ConfigurationSetEventDestination"

    @classmethod
    def create(cls, resource_name: str, props: Properties, account_id: str, region_name: str) -> EmulatedResource:
        destination = dict(props["EventDestination"])
        destination.setdefault("Name", resource_name)
        topic = destination.get("SnsDestination", {}).get("TopicARN")
        if topic and topic not in sns_backends[account_id][region_name].topics:
            raise ValueError(f"event destination {destination['Name']}: no SNS topic {topic}")
        ses_backends[account_id][region_name].create_configuration_set_event_destination(
            configuration_set_name=props["ConfigurationSetName"], event_destination=destination
        )
        return cls(destination["Name"])


class EmailIdentity(EmulatedResource, CloudFormationModel):
    """A verified identity in moto (it sends from it); the DKIM tokens are made up."""

    TYPE = "AWS::SES::EmailIdentity"

    @classmethod
    def create(cls, resource_name: str, props: Properties, account_id: str, region_name: str) -> EmulatedResource:
        identity = props["EmailIdentity"]
        config_set = props.get("ConfigurationSetAttributes", {}).get("ConfigurationSetName")
        sesv2_backends[account_id][region_name].create_email_identity(
            email_identity=identity, tags=None, dkim_signing_attributes=props.get("DkimSigningAttributes"),
            configuration_set_name=config_set,
        )
        attributes: dict[str, str] = {}
        for index in (1, 2, 3):
            token = f"emulated{index}{secrets.token_hex(8)}"
            attributes[f"DkimDNSTokenName{index}"] = f"{token}._domainkey.{identity}"
            attributes[f"DkimDNSTokenValue{index}"] = f"{token}.dkim.amazonses.com"
        return cls(identity, attributes)


class ReceiptRuleSet(EmulatedResource, CloudFormationModel):
    TYPE = "AWS::SES::ReceiptRuleSet"
    NAME_PROPERTY = "RuleSetName"

    @classmethod
    def create(cls, resource_name: str, props: Properties, account_id: str, region_name: str) -> EmulatedResource:
        ses_backends[account_id][region_name].create_receipt_rule_set(resource_name)
        return cls(resource_name)


class ReceiptRule(EmulatedResource, CloudFormationModel):
    """moto checks what SES checks at creation: the bucket and the function of the actions exist."""

    TYPE = "AWS::SES::ReceiptRule"

    @classmethod
    def create(cls, resource_name: str, props: Properties, account_id: str, region_name: str) -> EmulatedResource:
        rule = props["Rule"]
        ses_backends[account_id][region_name].create_receipt_rule(props["RuleSetName"], rule, props.get("After"))
        return cls(rule["Name"])


class ActiveReceiptRuleSet(EmulatedResource, CloudFormationModel):
    """What CDK's AwsCustomResource Lambda would call on create: SES SetActiveReceiptRuleSet."""

    TYPE = "Custom::SesActiveReceiptRuleSet"

    @classmethod
    def create(cls, resource_name: str, props: Properties, account_id: str, region_name: str) -> EmulatedResource:
        call = json.loads(props["Create"])
        if (call.get("service"), call.get("action")) != ("SES", "SetActiveReceiptRuleSet"):
            raise ValueError(f"this emulator only performs SES SetActiveReceiptRuleSet, not {call}")
        name = call["parameters"]["RuleSetName"]
        ses_backends[account_id][region_name].set_active_receipt_rule_set(name)
        return cls(call.get("physicalResourceId", {}).get("id", name))


class ScheduleGroup(EmulatedResource, CloudFormationModel):
    TYPE = "AWS::Scheduler::ScheduleGroup"
    NAME_PROPERTY = "Name"

    @classmethod
    def create(cls, resource_name: str, props: Properties, account_id: str, region_name: str) -> EmulatedResource:
        group = scheduler_backends[account_id][region_name].create_schedule_group(
            resource_name, props.get("Tags", [])
        )
        return cls(resource_name, {"Arn": group.arn})


class BucketPolicy(EmulatedResource, CloudFormationModel):
    TYPE = "AWS::S3::BucketPolicy"

    @classmethod
    def create(cls, resource_name: str, props: Properties, account_id: str, region_name: str) -> EmulatedResource:
        s3_backends[account_id]["aws"].put_bucket_policy(props["Bucket"], _without_https_only(props["PolicyDocument"]).encode())
        return cls(props["Bucket"])


class QueuePolicy(EmulatedResource, CloudFormationModel):
    TYPE = "AWS::SQS::QueuePolicy"

    @classmethod
    def create(cls, resource_name: str, props: Properties, account_id: str, region_name: str) -> EmulatedResource:
        for queue_url in props["Queues"]:
            sqs_backends[account_id][region_name].set_queue_attributes(
                queue_url.rstrip("/").rsplit("/", 1)[-1], {"Policy": _policy(props["PolicyDocument"])}
            )
        return cls(resource_name)


class TopicPolicy(EmulatedResource, CloudFormationModel):
    TYPE = "AWS::SNS::TopicPolicy"

    @classmethod
    def create(cls, resource_name: str, props: Properties, account_id: str, region_name: str) -> EmulatedResource:
        for topic_arn in props["Topics"]:
            # moto sets the attribute by its Python name (the `policy` property): "Policy" would be
            # stored beside it, and GetTopicAttributes would go on returning the default policy.
            sns_backends[account_id][region_name].set_topic_attribute(topic_arn, "policy", _policy(props["PolicyDocument"]))
        return cls(resource_name)


class TopicSubscription(EmulatedResource, CloudFormationModel):
    TYPE = "AWS::SNS::Subscription"

    @classmethod
    def create(cls, resource_name: str, props: Properties, account_id: str, region_name: str) -> EmulatedResource:
        subscription = sns_backends[account_id][region_name].subscribe(props["TopicArn"], props["Endpoint"], props["Protocol"])
        return cls(subscription.arn)


class EventInvokeConfig(EmulatedResource, CloudFormationModel):
    """Stored on the function (retries, maximum age, on-failure destination); never acted on."""

    TYPE = "AWS::Lambda::EventInvokeConfig"

    @classmethod
    def create(cls, resource_name: str, props: Properties, account_id: str, region_name: str) -> EmulatedResource:
        props = dict(props)
        function_name = props.pop("FunctionName")
        props.pop("Qualifier", None)
        lambda_backends[account_id][region_name].put_function_event_invoke_config(function_name, props)
        return cls(resource_name)


class FunctionUrl(EmulatedResource, CloudFormationModel):
    """Stored in moto's Lambda (GetFunctionUrlConfig reads it), with the trailing "/" AWS gives
    the FunctionUrl attribute; moto serves no request at the URL."""

    TYPE = "AWS::Lambda::Url"

    @classmethod
    def create(cls, resource_name: str, props: Properties, account_id: str, region_name: str) -> EmulatedResource:
        config = lambda_backends[account_id][region_name].create_function_url_config(
            props["TargetFunctionArn"], {"AuthType": props["AuthType"], "Cors": props.get("Cors")}
        )
        return cls(config.function.function_arn, {"FunctionUrl": f"{config.url}/", "FunctionArn": config.function.function_arn})


class MetricAlarm(EmulatedResource, CloudFormationModel):
    """Stored in moto's CloudWatch (DescribeAlarms lists it); moto evaluates no metric."""

    TYPE = "AWS::CloudWatch::Alarm"
    NAME_PROPERTY = "AlarmName"

    @classmethod
    def create(cls, resource_name: str, props: Properties, account_id: str, region_name: str) -> EmulatedResource:
        alarm = cloudwatch_backends[account_id][region_name].put_metric_alarm(
            name=resource_name,
            namespace=props.get("Namespace"),
            metric_name=props.get("MetricName"),
            comparison_operator=props["ComparisonOperator"],
            evaluation_periods=int(props["EvaluationPeriods"]),
            period=int(props.get("Period", 60)),
            threshold=float(props["Threshold"]),
            statistic=props.get("Statistic"),
            description=props.get("AlarmDescription", ""),
            dimensions=props.get("Dimensions", []),
            alarm_actions=props.get("AlarmActions", []),
            ok_actions=props.get("OKActions", []),
            treat_missing_data=props.get("TreatMissingData"),
        )
        return cls(resource_name, {"Arn": alarm.alarm_arn})


# moto hands every `Custom::` type to its generic model, which invokes the provider Lambda; ours
# go to the models above first.
_CUSTOM_TYPES = {ActiveReceiptRuleSet.TYPE: ActiveReceiptRuleSet}
_moto_resource_class_from_type = parsing.resource_class_from_type


def _resource_class_from_type(resource_type: str):  # type: ignore[no-untyped-def]
    """moto logs a type it has no model for and carries on, so a stack with a resource nobody
    creates would read "CREATE_COMPLETE". CloudFormation would fail it: so does this, naming it."""
    model = _CUSTOM_TYPES.get(resource_type) or _moto_resource_class_from_type(resource_type)
    if model is None:
        raise ValidationError(message=f"Resource type {resource_type} is not created by this emulator (rehearse/moto_rapport)")
    return model


parsing.resource_class_from_type = _resource_class_from_type
# The model map is cached on first use: make sure it is built after the classes above exist.
parsing.get_model_list.cache_clear()
parsing.get_model_map.cache_clear()
parsing.get_name_type_map.cache_clear()
