<?xml version="1.0" encoding="UTF-8"?>
<!--
  Transcription marks: what a hand or a rubber stamp did to the paper, and what
  an editor did to the text. The two must never look alike: struck words are
  struck, stamps look like stamps, and every editorial intervention carries the
  'editorial' class (its own colour and a title saying what it is). The bracket
  text of an intervention is in the TEI as typed, so none is added here, except
  the [sic] that the encoder turns into the sic element.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:f="urn:tei-encoder:xslt"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template match="tei:del">
    <del class="del{if (@rend) then ' rend-' || translate(normalize-space(@rend), ' ', '-') else ''}">
      <xsl:apply-templates/>
    </del>
  </xsl:template>

  <xsl:template match="tei:add">
    <ins class="add"><xsl:apply-templates/></ins>
  </xsl:template>

  <!-- Stamps and classification marks: boxed, in stamp ink, and named for a screen reader. -->
  <xsl:template match="tei:stamp">
    <xsl:variable name="kind" select="(@type, 'stamp')[1]"/>
    <span class="{string-join(('stamp', 'stamp-' || $kind, @subtype ! ('mark-' || .),
                                if (f:struck(.)) then 'struck' else ()), ' ')}"
          title="{f:stamp-title(.)}">
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:function name="f:stamp-title" as="xs:string">
    <xsl:param name="stamp" as="element(tei:stamp)"/>
    <xsl:sequence select="
      if ($stamp/@type = 'classification') then 'classification mark' || (if (f:struck($stamp)) then ', struck through' else '')
      else if ($stamp/@type = 'declassification') then 'declassification stamp'
      else if ($stamp/@type = 'received') then 'receipt stamp'
      else 'stamp'"/>
  </xsl:function>

  <xsl:template match="tei:sic">
    <span class="sic"><xsl:apply-templates/></span>
    <xsl:if test="not(parent::tei:choice)">
      <span class="editorial editorial-sic" title="thus in the original"> [sic]</span>
    </xsl:if>
  </xsl:template>

  <!-- A correction shows both: the paper's reading, then the editor's. -->
  <xsl:template match="tei:choice">
    <span class="choice">
      <xsl:apply-templates select="tei:orig | tei:sic"/>
      <xsl:if test="(tei:orig | tei:sic) and (tei:corr | tei:reg)"><xsl:text> </xsl:text></xsl:if>
      <xsl:apply-templates select="tei:corr | tei:reg"/>
    </span>
  </xsl:template>

  <xsl:template match="tei:choice/tei:sic" priority="2">
    <span class="sic"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:orig">
    <span class="orig"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:corr | tei:reg">
    <span class="editorial editorial-{local-name()}" title="editorial {if (self::tei:corr) then 'correction' else 'regularisation'}">
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:supplied">
    <span class="editorial editorial-supplied" title="supplied by the editor"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:gap">
    <span class="editorial editorial-gap" title="{if (@reason) then 'text ' || @reason else 'gap'}">
      <xsl:choose>
        <xsl:when test="normalize-space(tei:desc)"><xsl:value-of select="tei:desc"/></xsl:when>
        <xsl:otherwise>[…]</xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <xsl:template match="tei:unclear">
    <span class="unclear" title="unclear{@reason ! (': ' || .)}"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:note[@type = 'editorial']">
    <xsl:element name="{if (f:phrasing(.)) then 'span' else 'p'}">
      <xsl:attribute name="class" select="'editorial editorial-note'"/>
      <xsl:attribute name="title" select="'editorial note'"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:note">
    <xsl:element name="{if (f:phrasing(.)) then 'span' else 'p'}">
      <xsl:attribute name="class" select="'note note-' || (@type, 'plain')[1]"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>
</xsl:stylesheet>
